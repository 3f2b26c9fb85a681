import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import { fileTypeFromBuffer } from 'file-type';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { UploadedFile } from '../../shared/index.js';
import type { Clock } from '../lib/clock.js';
import { agentUploadOwner, authenticateAgent } from '../identity/agent-auth.js';
import { authenticateVisitorOf, DEFAULT_VISITOR_TOKEN_TTL_MS } from '../identity/visitor-auth.js';
import { PRIVATE_DIR_MODE } from '../lib/data-dir.js';
import { AppError } from '../lib/errors.js';
import type { LimitSubject } from '../lib/limits/index.js';
import { UPLOAD_FILE, uploadLink } from '../lib/upload-links.js';
import type { Store } from '../store/index.js';
import { errorResponse, success } from './envelopes.js';
import { limitByAddress, requestAddress, type HttpLimitsDeps } from './rate-limits.js';
import { admitOrigin, widgetCors } from './widget-origins.js';

export interface UploadDeps extends HttpLimitsDeps {
  store: Store;
  secret: string;
  clock: Clock;
  dataDir: string;
  /** CONFAB_VISITOR_TOKEN_TTL_DAYS in ms (90 days by default). */
  visitorTokenTtlMs?: number;
  /** This server's public URL: the links of uploaded files are under it. */
  publicUrl: () => string;
  /** Several nodes (REDIS_URL): files are kept in the database, which every node reads, rather than under this node's DATA_DIR. */
  sharedUploads?: boolean;
}

/** Hard ceiling for any bot's upload_max_bytes, plus room for the multipart envelope. */
const MAX_REQUEST_BYTES = 20 * 1024 * 1024 + 64 * 1024;

export const uploadDir = (dataDir: string) => join(dataDir, 'uploads');

/**
 * Stores a file from a multipart body (field "file") for a bot's visitor or agent: its type
 * checked by content against the bot's upload settings, kept under DATA_DIR; a refusal is an
 * error response.
 */
async function receiveFile(
  c: Context,
  deps: UploadDeps,
  owner: { botId: string; ownerId: string },
  /** A visitor's upload: counted, and its size against their daily quota; an agent's is not. */
  quota?: LimitSubject,
): Promise<{ ok: true; file: UploadedFile } | { ok: false; response: Response }> {
  const bot = (await deps.store.bots.findById(owner.botId))!;
  const { upload_max_bytes: maxBytes, upload_types: types } = bot.settings;
  if (maxBytes === 0 || types.length === 0) return { ok: false, response: errorResponse(c, 403, 'uploads are off for this bot') };
  if (quota) {
    await deps.limits.take('upload', quota);
    // What the body says it holds must fit before it is read; what is stored is counted below.
    const declared = Number(c.req.header('Content-Length'));
    if (Number.isSafeInteger(declared) && declared > 0) await deps.limits.check('upload-bytes', quota, Math.min(declared, maxBytes));
  }

  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new AppError('bad_request', 'the body must be multipart/form-data with a "file" field');
  }
  const file = form.file;
  if (!(file instanceof File)) throw new AppError('bad_request', 'file: a file is required (multipart/form-data field "file")');
  if (file.size > maxBytes) return { ok: false, response: errorResponse(c, 413, `the file is too large: at most ${maxBytes} bytes`) };
  const bytes = Buffer.from(await file.arrayBuffer());
  const sniffed = await fileTypeFromBuffer(bytes);
  if (!sniffed || !(types as readonly string[]).includes(sniffed.mime)) {
    return { ok: false, response: errorResponse(c, 415, `this kind of file is not accepted (allowed: ${types.join(', ')})`) };
  }

  if (quota) {
    await deps.limits.check('upload-bytes', quota, bytes.length);
    await deps.limits.take('upload-bytes', quota, bytes.length);
  }

  const id = randomUUID();
  const stored = `${id}.${sniffed.ext}`;
  if (!deps.sharedUploads) {
    await mkdir(uploadDir(deps.dataDir), { recursive: true, mode: PRIVATE_DIR_MODE });
    await writeFile(join(uploadDir(deps.dataDir), stored), bytes);
  }
  const name = (file.name || `file.${sniffed.ext}`).replace(/[\r\n"]/g, '').slice(0, 200);
  await deps.store.uploads.create({
    id,
    botId: owner.botId,
    visitorId: owner.ownerId,
    file: stored,
    name,
    mime: sniffed.mime,
    size: bytes.length,
    createdAt: deps.clock.now().toISOString(),
  });
  if (deps.sharedUploads) await deps.store.uploads.saveContent(stored, bytes);
  return {
    ok: true,
    file: { link: uploadLink(deps.publicUrl(), stored), type: sniffed.mime.startsWith('image/') ? 'image' : 'file', name, size: bytes.length },
  };
}

const fileBodyLimit = () => bodyLimit({ maxSize: MAX_REQUEST_BYTES, onError: (c) => errorResponse(c, 413, 'the file is too large') });

/** POST /api/widget/uploads: a visitor's file, its type checked by content, stored under DATA_DIR. */
export function uploadApi(deps: UploadDeps) {
  const app = new Hono();
  app.use('*', widgetCors({ allowMethods: ['POST'], allowHeaders: ['Authorization'] }));
  app.post('/', fileBodyLimit(), async (c) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const botKey = c.req.query('botKey');
    if (!token || !botKey) throw new AppError('invalid_token', 'a botKey query parameter and Authorization: Bearer <visitor token> are required');
    // A page the bot does not allow is refused whatever its token (an unknown bot is, below).
    const bot = await deps.store.bots.findByKey(botKey);
    if (bot) admitOrigin(c, bot, deps.publicUrl());
    const principal = await authenticateVisitorOf(deps.store, deps.secret, bot, botKey, token, {
      now: deps.clock.now(),
      ttlMs: deps.visitorTokenTtlMs ?? DEFAULT_VISITOR_TOKEN_TTL_MS,
    });
    const quota = { visitor: principal.visitorId, ip: requestAddress(c, deps.trustProxy) };
    const received = await receiveFile(c, deps, { botId: principal.botId, ownerId: principal.visitorId }, quota);
    return received.ok ? c.json(received.file, 201) : received.response;
  });
  return app;
}

/** POST /api/console/uploads: an agent's file for a reply (Authorization: Bearer <agent token>). */
export function consoleUploadApi(deps: UploadDeps) {
  const app = new Hono();
  app.post('/', fileBodyLimit(), async (c) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!token) throw new AppError('invalid_token', 'Authorization: Bearer <agent token> is required');
    const agent = await authenticateAgent(deps.store, token);
    const received = await receiveFile(c, deps, { botId: agent.botId, ownerId: agentUploadOwner(agent.id) });
    return received.ok ? c.json(success(received.file), 201) : received.response;
  });
  return app;
}

/** GET /uploads/:file: stored files, with the type found when they were uploaded. */
export function uploadFiles(deps: UploadDeps) {
  const app = new Hono();
  app.get('/:file', limitByAddress(deps, 'files'), async (c) => {
    const name = c.req.param('file');
    const upload = UPLOAD_FILE.test(name) ? await deps.store.uploads.byFile(name) : undefined;
    if (!upload) return errorResponse(c, 404, 'not found');
    // A page's fetch() of a file is its bot's business; an <img> sends no Origin and is let through.
    const bot = await deps.store.bots.findById(upload.botId);
    if (bot) admitOrigin(c, bot, deps.publicUrl());
    // Under DATA_DIR (one node), else in the database (several; or files of one node moved to several).
    const body = (await readFile(join(uploadDir(deps.dataDir), upload.file)).catch(() => undefined)) ?? (await deps.store.uploads.content(upload.file));
    if (!body) return errorResponse(c, 404, 'not found');
    c.header('Content-Type', upload.mime);
    c.header('X-Content-Type-Options', 'nosniff');
    // A visitor's file opened on its own is inert: no scripts, no loads, no framing, its own origin.
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
    // RFC 6266: any name (emoji, CJK) as UTF-8 in filename*, with an ASCII filename beside it.
    c.header('Content-Disposition', contentDisposition(upload.name, { type: upload.mime.startsWith('image/') ? 'inline' : 'attachment' }));
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(new Uint8Array(body));
  });
  return app;
}
