export { CONVERSATION_LEASE_MS, clusterQueue, lock, oneNode, withLease, type Cluster, type Lease } from './cluster.js';
export { connectRedis, redisCluster, type RedisClient } from './redis-cluster.js';
export { ROOMS_HEARTBEAT_MS, roomsElsewhere, type RoomsElsewhere } from './rooms-elsewhere.js';
