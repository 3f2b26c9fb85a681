import { AppError } from '../../lib/errors.js';

/** What every item's view adds to its fields: its id and its times. */
export const ITEM_VIEW_FIELDS = ['id', 'created_at', 'updated_at'] as const;

/**
 * The writable part of a body that may be an object a GET returned (fetch, edit, save): the
 * view's read-only fields are dropped. An `id` that names another item is a mistake worth
 * saying (a copy-paste of the wrong object), so with `ownId` it is a 400; without (a POST),
 * any id is dropped and the new item gets its own.
 */
export function writableFields(body: unknown, readOnly: readonly string[], ownId?: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('bad_request', 'the body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  if (ownId !== undefined && 'id' in fields && fields.id !== ownId) {
    throw new AppError('bad_request', `id: ${JSON.stringify(fields.id)} is not this item's id ("${ownId}"); ids are read-only`);
  }
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !readOnly.includes(key)));
}
