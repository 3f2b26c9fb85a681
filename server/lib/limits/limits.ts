import { RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';
import { sweptMemoryLimiter } from './swept-memory-storage.js';
import { LIMIT_KEYS, limitTable, type LimitKey, type LimitName, type LimitOverrides, type LimitTable, type Rate } from './table.js';

/**
 * Makes the counter of one budget. The one place that decides where counts live: memory on
 * one node; several nodes share them with
 * `(o) => new RateLimiterRedis({ storeClient: redis, ...o })`.
 */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

/** In memory, without a timer per key (swept-memory-storage.ts). */
export const memoryLimiters: LimiterFactory = (options) => sweptMemoryLimiter(options);

/** Counters in Redis: a budget spent on one node is spent on all of them. `client`: a node-redis client. */
export const redisLimiters =
  (client: unknown): LimiterFactory =>
  (options) =>
    new RateLimiterRedis({ ...options, storeClient: client, useRedisPackage: true });

/** Who a request counts against: any of these it has. */
export type LimitSubject = Partial<Record<LimitKey, string>>;

const whose: Record<LimitKey, string> = { visitor: 'for this visitor', agent: 'for this agent', cid: 'for this cid', ip: 'from this address', bot: 'for this bot' };

function per(seconds: number): string {
  if (seconds === 60) return 'a minute';
  if (seconds === 3_600) return 'an hour';
  if (seconds === 86_400) return 'a day';
  return `in ${seconds} s`;
}

/** A refusal for being over a budget: the ack's and the response's `rate_limited`, with when to try again. */
export class RateLimited extends AppError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    /** Whose budget refused it. */
    readonly key: LimitKey,
    /** The first refusal of this window for that key (the thread records it once). */
    readonly first: boolean,
  ) {
    super('rate_limited', message);
  }
}

export interface Limits {
  /**
   * Takes `points` (default 1) from each budget of the rule that the subject has, narrowest
   * first; the first budget that is spent refuses with a RateLimited, and the others are
   * not charged (the narrower ones get their points back).
   */
  take(name: LimitName, subject: LimitSubject, points?: number): Promise<void>;
  /** Whether `points` more would fit, without taking them (an upload's size before its body is read). */
  check(name: LimitName, subject: LimitSubject, points: number): Promise<void>;
  /** Gives points back (an upload that was refused after its bytes were counted). */
  giveBack(name: LimitName, subject: LimitSubject, points: number): Promise<void>;
  readonly table: LimitTable;
}

export interface LimitsOptions {
  overrides?: LimitOverrides;
  factory?: LimiterFactory;
}

export function createLimits(options: LimitsOptions = {}): Limits {
  const table = limitTable(options.overrides);
  const factory = options.factory ?? memoryLimiters;
  const limiters = new Map<string, RateLimiterAbstract>();

  function limiterOf(name: LimitName, key: LimitKey, rate: Rate): RateLimiterAbstract {
    const id = `${name}.${key}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = factory({ keyPrefix: `confab:${id}`, points: rate.points, duration: rate.seconds });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  /** The budgets of a rule that apply to the subject, narrowest first. */
  function budgetsOf(name: LimitName, subject: LimitSubject) {
    const { budgets } = table[name];
    return LIMIT_KEYS.flatMap((key) => {
      const rate = budgets[key];
      const value = subject[key];
      return rate && value !== undefined ? [{ key, rate, value, limiter: limiterOf(name, key, rate) }] : [];
    });
  }

  function refusal(name: LimitName, key: LimitKey, rate: Rate, res: RateLimiterRes, points: number): RateLimited {
    const retryAfterMs = Math.max(1, Math.ceil(res.msBeforeNext));
    const message = `too many ${table[name].counts}: at most ${rate.points} ${per(rate.seconds)} ${whose[key]}; try again in ${Math.ceil(retryAfterMs / 1000)} s`;
    return new RateLimited(message, retryAfterMs, key, res.consumedPoints - points <= rate.points);
  }

  return {
    table,
    async take(name, subject, points = 1) {
      const charged: RateLimiterAbstract[] = [];
      const charge = [...budgetsOf(name, subject)];
      for (const { key, rate, value, limiter } of charge) {
        try {
          await limiter.consume(value, points);
          charged.push(limiter);
        } catch (res) {
          if (!(res instanceof RateLimiterRes)) throw res;
          // What was refused counts only against the budget that refused it.
          await Promise.all(charged.map((l, i) => l.reward(charge[i]!.value, points)));
          throw refusal(name, key, rate, res, points);
        }
      }
    },
    async check(name, subject, points) {
      for (const { key, rate, value, limiter } of budgetsOf(name, subject)) {
        const res = await limiter.get(value);
        const used = res?.consumedPoints ?? 0;
        if (used + points > rate.points) throw refusal(name, key, rate, res ?? new RateLimiterRes(0, rate.seconds * 1000, used), 0);
      }
    },
    async giveBack(name, subject, points) {
      for (const { value, limiter } of budgetsOf(name, subject)) await limiter.reward(value, points);
    },
  };
}
