import type { z } from 'zod';
import { AppError } from './errors.js';

type Issue = z.ZodError['issues'][number];

function issueText(issue: Issue, at: string | undefined): string {
  const path = [at, ...issue.path.map(String)].filter(Boolean).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** "packet.payload.body: expected string": the first problem, naming its field (under `at`, when given). */
export function describeIssue(error: z.ZodError, at?: string): string {
  const first = error.issues[0];
  return first ? issueText(first, at) : 'invalid';
}

/** Every problem, each naming its field: for configuration, where all of them should be fixed at once. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => issueText(issue, undefined)).join('; ');
}

/**
 * The value parsed by a schema; a bad one is a bad_request naming the field, which every
 * boundary answers in its own envelope (an HTTP 400, a socket ack's error).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, at?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('bad_request', describeIssue(result.error, at));
  return result.data;
}
