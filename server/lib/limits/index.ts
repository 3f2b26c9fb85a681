export { addressKey, clientAddress, parseTrustProxy, TRUST_NOBODY, type TrustProxy } from './client-ip.js';
export { createLimits, memoryLimiters, RateLimited, redisLimiters, type LimiterFactory, type Limits, type LimitsOptions, type LimitSubject } from './limits.js';
export { LIMIT_KEYS, LIMITS, limitTable, parseLimitOverrides, type LimitKey, type LimitName, type LimitOverrides, type LimitTable, type Rate } from './table.js';
