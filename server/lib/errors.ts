import type { ErrorCode } from '../../shared/index.js';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  empty_message: 400,
  message_too_long: 400,
  not_found: 404,
  forbidden: 403,
  origin_not_allowed: 403,
  unknown_bot: 404,
  invalid_token: 401,
  conversation_ended: 409,
  conflict: 409,
  registration_required: 400,
  rate_limited: 429,
  unavailable: 503,
  storage_full: 507,
  internal: 500,
};

/** The one error type of the server: a closed code, a message for humans, an HTTP status. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf[code];
  }
}

/** A page whose origin the bot's allowed_origins does not list (the widget's socket and routes). */
export function originRefusal(origin: string | undefined): AppError {
  return new AppError('origin_not_allowed', `this page (${origin}) may not use this bot's chat: its origin is not in the bot's allowed_origins`);
}
