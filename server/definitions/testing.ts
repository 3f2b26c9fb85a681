import { ZodError } from 'zod';
import { describeIssues } from '../lib/validation.js';

/** What a definition's validation says about some input (every problem, naming its field); throws when it accepts it. */
export function issueOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZodError) return describeIssues(err);
    throw err;
  }
  throw new Error('expected a validation error');
}
