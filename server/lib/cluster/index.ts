export { CONVERSATION_LEASE_MS, HOLD_IDLE_MS, clusterQueue, oneNode, withLease, type Cluster, type ClusterQueue, type Lease } from './cluster.js';
export { connectRedis, redisCluster, type RedisClient } from './redis-cluster.js';
export { ROOMS_HEARTBEAT_MS, roomsElsewhere, type RoomsElsewhere } from './rooms-elsewhere.js';
