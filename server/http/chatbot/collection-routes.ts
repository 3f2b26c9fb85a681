import { Hono, type Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import { readJson, validated } from '../request-body.js';
import { success } from '../envelopes.js';
import type { AdminEnv } from './admin-auth.js';
import { ITEM_VIEW_FIELDS, writableFields } from './read-only-fields.js';

/** One kind of a bot's configuration items (keyword rules, AI contexts, flows). */
export interface Collection<Item extends { id: string }, View> {
  /** "keyword rule": for messages. */
  noun: string;
  list(botId: string): Promise<Item[]>;
  get(botId: string, id: string): Promise<Item | undefined>;
  /** Validates (throwing ZodError) and stores a new item. */
  create(botId: string, input: unknown): Promise<Item>;
  /** Validates the stored item merged with the input (throwing ZodError) and stores it. */
  update(botId: string, existing: Item, input: unknown): Promise<Item>;
  remove(botId: string, id: string): Promise<boolean>;
  /** Validates as create (no existing) or update would (throwing ZodError), storing nothing: `?dry_run`. */
  check(input: unknown, existing?: Item): void;
  view(item: Item): View;
}

/** `?dry_run` (any value but "false"): validate only. */
export const dryRun = (c: Context) => {
  const value = c.req.query('dry_run');
  return value !== undefined && value !== 'false';
};

/**
 * GET / → {items}, POST / → 201, GET /:id, PUT /:id (the fields given replace the stored
 * ones), DELETE /:id; unknown ids are 404s and invalid fields 400s naming the field. POST and
 * PUT take an object a GET returned: its id and times are read-only and ignored. POST and PUT
 * with `?dry_run` validate the same way and store nothing (the owner console checks a form as
 * it is typed with the server's own rules): `{valid: true}`.
 */
export function collectionRoutes<Item extends { id: string }, View>(collection: Collection<Item, View>) {
  const app = new Hono<AdminEnv>();
  const found = async (botId: string, id: string) => {
    const item = await collection.get(botId, id);
    if (!item) throw new AppError('not_found', `no ${collection.noun} with id "${id}"`);
    return item;
  };

  app.get('/', async (c) => {
    const items = await collection.list(c.get('bot').id);
    return c.json(success({ items: items.map(collection.view) }));
  });

  app.post('/', async (c) => {
    const body = writableFields(await readJson(c), ITEM_VIEW_FIELDS);
    if (dryRun(c)) return c.json(success(await validated(() => (collection.check(body), { valid: true }))));
    const item = await validated(() => collection.create(c.get('bot').id, body));
    return c.json(success(collection.view(item)), 201);
  });

  app.get('/:id', async (c) => c.json(success(collection.view(await found(c.get('bot').id, c.req.param('id'))))));

  app.put('/:id', async (c) => {
    const botId = c.get('bot').id;
    const existing = await found(botId, c.req.param('id'));
    const body = writableFields(await readJson(c), ITEM_VIEW_FIELDS, existing.id);
    if (dryRun(c)) return c.json(success(await validated(() => (collection.check(body, existing), { valid: true }))));
    const item = await validated(() => collection.update(botId, existing, body));
    return c.json(success(collection.view(item)));
  });

  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await collection.remove(c.get('bot').id, id))) throw new AppError('not_found', `no ${collection.noun} with id "${id}"`);
    return c.json(success({ id, deleted: true }));
  });

  return app;
}
