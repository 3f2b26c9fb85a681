import { createHash } from 'node:crypto';

/** Admin tokens are stored as their sha256 only. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
