import { resolve } from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './lib/logger.js';
import { parseAllowEntry } from './lib/outbound/index.js';
import { describeIssues } from './lib/validation.js';

/** Where `npm start` listens when HOST is not set: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  // Loopback unless told otherwise: a laptop running `npm start` serves only itself; a
  // container or a server sets HOST=0.0.0.0 (or ::) to be reached from outside.
  HOST: z.string().trim().min(1).default(DEFAULT_HOST),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  CONFAB_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CONFAB_DEMO: z.enum(['true', 'false']).default('true'),
  CONFAB_DEMO_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
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
});

export interface Config {
  port: number;
  /** The address to listen on (HOST): DEFAULT_HOST, or `0.0.0.0` / `::` for every interface. */
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secret: string | undefined;
  loadDemo: boolean;
  demoToken: string | undefined;
  /** How this server is reached from outside (links sent to bots); defaults to http://localhost:PORT. */
  publicUrl: string | undefined;
  /** How long an agent with no console tab stays present (a reload does not flicker). */
  presenceGraceMs: number;
  /** An assigned conversation the agent does not answer in this time goes back to the queue. */
  answerTimeoutMs: number;
  /** CONFAB_OUTBOUND_ALLOW: what every outbound request may reach besides public addresses. */
  outboundAllow: string[];
  /** LOG_LEVEL: the least severe level written. */
  logLevel: LogLevel;
  /** METRICS_TOKEN: a bearer token for /metrics on the main port (a bot's admin token works too). */
  metricsToken: string | undefined;
  /** METRICS_PORT: /metrics on a port of its own, without a token, and not on the main port. */
  metricsPort: number | undefined;
  /** How long a SIGTERM may take to drain before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/** Configuration from environment variables (each documented in the README). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secret: e.CONFAB_SECRET,
    loadDemo: e.CONFAB_DEMO === 'true',
    demoToken: e.CONFAB_DEMO_TOKEN,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    presenceGraceMs: e.CONFAB_PRESENCE_GRACE_SECONDS * 1_000,
    answerTimeoutMs: e.CONFAB_AGENT_ANSWER_TIMEOUT_SECONDS * 1_000,
    outboundAllow: e.CONFAB_OUTBOUND_ALLOW,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    shutdownTimeoutMs: e.CONFAB_SHUTDOWN_TIMEOUT_SECONDS * 1_000,
  };
}
