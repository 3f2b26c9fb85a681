import { resolve } from 'node:path';
import { z } from 'zod';
import { parseEncryptionKey } from './secret-box.js';
import { parseLimitOverrides, parseTrustProxy, TRUST_NOBODY, type LimitOverrides, type TrustProxy } from './limits/index.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { smtpUrlOf, type SmtpConfig } from './mailer.js';
import { parseAllowEntry } from './outbound/index.js';
import { describeIssues } from './validation.js';

/** Where `npm start` listens when HOST is not set: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

/** A variable read by a parser that answers with the value, or with the problem in words. */
function parsedBy<T extends object>(parse: (text: string) => T | string, fallback: T) {
  return z
    .string()
    .default('')
    .transform((text, ctx) => {
      const parsed = parse(text);
      if (typeof parsed !== 'string') return parsed;
      ctx.addIssue({ code: 'custom', message: parsed });
      return fallback;
    });
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  // Loopback unless told otherwise: a laptop running `npm start` serves only itself; a
  // container or a server sets HOST=0.0.0.0 (or ::) to be reached from outside.
  HOST: z.string().trim().min(1).default(DEFAULT_HOST),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  // Several nodes share Socket.IO rooms, limits, caches and jobs through it.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  CONFAB_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CONFAB_ENCRYPTION_KEY: z
    .string()
    .superRefine((text, ctx) => {
      const key = parseEncryptionKey(text);
      if (typeof key === 'string') ctx.addIssue({ code: 'custom', message: key });
    })
    .optional(),
  // A visitor who stays away longer than this comes back as a new visitor.
  CONFAB_VISITOR_TOKEN_TTL_DAYS: z.coerce.number().min(1).max(3_650).default(90),
  CONFAB_DEMO: z.enum(['true', 'false']).default('true'),
  CONFAB_DEMO_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // The first owner account on a fresh install (the console's sign-in); both or neither.
  CONFAB_OWNER_EMAIL: z.email().max(254).optional(),
  CONFAB_OWNER_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CONFAB_PRESENCE_GRACE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
  CONFAB_AGENT_ANSWER_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  CONFAB_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  // Hosts, host:port or CIDR ranges that every bot's outbound requests may reach although
  // they are loopback, private or link-local (outbound_allow adds to it per bot).
  CONFAB_OUTBOUND_ALLOW: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
      for (const entry of entries) {
        const parsed = parseAllowEntry(entry);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      }
      return entries;
    }),
  // Where email_dispatch sends transcripts: SMTP_URL, or its parts.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_HOST: z.string().trim().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: z.string().trim().min(3).default('Confab <confab@localhost>'),
  // Changes to entries of the limits table (server/lib/limits/table.ts): message.ip=600/60,files.ip=off.
  CONFAB_LIMITS: parsedBy(parseLimitOverrides, {}),
  // Behind a reverse proxy: how many hops (1) or which proxy addresses to believe about X-Forwarded-For.
  CONFAB_TRUST_PROXY: parsedBy(parseTrustProxy, TRUST_NOBODY),
});

export interface Config {
  port: number;
  /** The address to listen on (HOST): DEFAULT_HOST, or `0.0.0.0` / `::` for every interface. */
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** REDIS_URL: several nodes (PostgreSQL only); unset, this node is the only one. */
  redisUrl: string | undefined;
  secret: string | undefined;
  /** CONFAB_ENCRYPTION_KEY: seals stored secrets; unset, one is generated into DATA_DIR. */
  encryptionKey: string | undefined;
  /** A visitor token not used for this long stops working (each use renews it). */
  visitorTokenTtlMs: number;
  loadDemo: boolean;
  demoToken: string | undefined;
  /** CONFAB_OWNER_EMAIL + CONFAB_OWNER_PASSWORD: an owner account made at start when missing. */
  owner?: { email: string; password: string } | undefined;
  /** How this server is reached from outside (links sent to bots); defaults to http://localhost:PORT. */
  publicUrl: string | undefined;
  /** How long an agent with no console tab stays present (a reload does not flicker). */
  presenceGraceMs: number;
  /** An assigned conversation the agent does not answer in this time goes back to the queue. */
  answerTimeoutMs: number;
  /** CONFAB_OUTBOUND_ALLOW: what every outbound request may reach besides public addresses. */
  outboundAllow: string[];
  /** CONFAB_LIMITS: changes to the limits table. */
  limits: LimitOverrides;
  /** CONFAB_TRUST_PROXY: whose X-Forwarded-For names the client (per-address limits). */
  trustProxy: TrustProxy;
  /** LOG_LEVEL: the least severe level written. */
  logLevel: LogLevel;
  /** METRICS_TOKEN: a bearer token for /metrics on the main port (a bot's admin token works too). */
  metricsToken: string | undefined;
  /** METRICS_PORT: /metrics on a port of its own, without a token, and not on the main port. */
  metricsPort: number | undefined;
  /** How long a SIGTERM may take to drain before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** SMTP_URL (or SMTP_HOST…) and SMTP_FROM: email_dispatch sends transcripts; unset, they are recorded as not sent. */
  smtp?: SmtpConfig | undefined;
}

function smtpConfig(e: z.output<typeof envSchema>): SmtpConfig | undefined {
  const url = smtpUrlOf({ url: e.SMTP_URL, host: e.SMTP_HOST, port: e.SMTP_PORT, user: e.SMTP_USER, pass: e.SMTP_PASS });
  return url ? { url, from: e.SMTP_FROM } : undefined;
}

/** Configuration from environment variables (each documented in the README). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  if ((e.CONFAB_OWNER_EMAIL === undefined) !== (e.CONFAB_OWNER_PASSWORD === undefined)) {
    throw new Error('invalid configuration: CONFAB_OWNER_EMAIL and CONFAB_OWNER_PASSWORD go together (set both or neither)');
  }
  // Each node has its own SQLite file: nodes sharing Redis but not their conversations would
  // answer each other's visitors from the wrong store.
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new Error('invalid configuration: REDIS_URL (several nodes) needs DATABASE_URL (PostgreSQL): the SQLite store belongs to one node');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    secret: e.CONFAB_SECRET,
    encryptionKey: e.CONFAB_ENCRYPTION_KEY,
    visitorTokenTtlMs: e.CONFAB_VISITOR_TOKEN_TTL_DAYS * 86_400_000,
    loadDemo: e.CONFAB_DEMO === 'true',
    demoToken: e.CONFAB_DEMO_TOKEN,
    owner: e.CONFAB_OWNER_EMAIL && e.CONFAB_OWNER_PASSWORD ? { email: e.CONFAB_OWNER_EMAIL, password: e.CONFAB_OWNER_PASSWORD } : undefined,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    presenceGraceMs: e.CONFAB_PRESENCE_GRACE_SECONDS * 1_000,
    answerTimeoutMs: e.CONFAB_AGENT_ANSWER_TIMEOUT_SECONDS * 1_000,
    outboundAllow: e.CONFAB_OUTBOUND_ALLOW,
    limits: e.CONFAB_LIMITS,
    trustProxy: e.CONFAB_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    shutdownTimeoutMs: e.CONFAB_SHUTDOWN_TIMEOUT_SECONDS * 1_000,
    smtp: smtpConfig(e),
  };
}
