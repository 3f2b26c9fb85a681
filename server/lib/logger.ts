import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a log line may say of where it comes from, besides the request it is part of. */
export interface LogFields {
  conversationId?: string;
}

/**
 * How the services report what went wrong: a message, the error, and the conversation when
 * there is one. Tests pass their own to collect these lines; the server's writes them to the
 * logger at level error.
 */
export type Log = (message: string, err?: unknown, fields?: LogFields) => void;

/** The request (HTTP) a piece of work belongs to; every log line written inside it carries it. */
export const logContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Headers and fields that must never reach a log line, wherever an object carrying them is
 * logged: admin, agent and visitor tokens, webhook headers (the owner's own credentials), the
 * message webhook's token.
 */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["security-token"]',
  'req.headers["x-chatbot-token"]',
  '*.headers.authorization',
  '*.headers["security-token"]',
  '*.headers["x-chatbot-token"]',
  '*.webhook_headers',
  '*.token',
  '*.secret',
  'token',
  'secret',
];

/**
 * An error as a log line shows it: its kind, message, code, status, stack and cause, and
 * nothing else. Errors of HTTP clients and the AI SDK carry the request they failed on (prompt,
 * message bodies, headers); those stay out.
 */
function errorFields(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? { message: err } : { message: String(err) };
  const e = err as Error & { code?: unknown; status?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    message: e.message,
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof (e.statusCode ?? e.status) === 'number' ? { status: e.statusCode ?? e.status } : {}),
    stack: e.stack,
    ...(e.cause !== undefined && depth < 3 ? { cause: errorFields(e.cause, depth + 1) } : {}),
  };
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/** JSON lines (pino): one object per line with level, time, msg, and the request id inside a request. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'confab' },
      // Readable by people and log shippers alike: "level":"info", an ISO time.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: errorFields },
      mixin: () => logContext.getStore() ?? {},
    },
    options.destination ?? pino.destination(1),
  );
}

/** The services' `log` on top of a logger: level error, with the error and the conversation id. */
export function errorLog(logger: Logger): Log {
  return (message, err, fields) => {
    logger.error({ ...fields, ...(err === undefined ? {} : { err }) }, message);
  };
}
