import { mediaTypeOf, type UploadedFile, type VisitorEvent, type VisitorIdentity } from '../../shared/index.js';
import type { HttpResult } from '../transport/http.js';
import type { ChatState, PendingMessage } from './chat-state.js';
import { uploadProblem } from '../rules/upload-check.js';

/** What an upload needs from the panel: the server, the locale for sizes, the identity and the upload call. */
export interface UploadDeps {
  server: string;
  /** The locale tag sizes are written in. */
  locale: string;
  identity(): Promise<VisitorIdentity | null>;
  upload(token: string, file: File): Promise<HttpResult<UploadedFile>>;
}

/** Files whose upload failed in a way Retry may fix, by their chip's clientId: a File cannot be stored, so for the life of the page. */
export const failedUploads = new Map<string, File>();

/**
 * Uploads one file and sends it as a media event. Its own chunk: most conversations never
 * send a file. The file shows at once as an "Uploading…" chip, replaced by the stored media
 * message; a refused file stays as a failed chip saying why, with a Retry when the network
 * or the server failed (`clientId` is the chip's: a retry takes its place). Once uploaded,
 * the media event goes through the outbox like any message.
 */
export async function sendFile(
  state: ChatState,
  send: (packet: VisitorEvent) => void,
  deps: UploadDeps,
  file: File,
  clientId: string = crypto.randomUUID(),
): Promise<void> {
  const limits = state.config.value?.uploads;
  if (!limits || limits.maxBytes <= 0) return;
  const type = mediaTypeOf(file.type);
  addPending(state, {
    clientId,
    packet: { name: 'media', payload: { link: '', type, name: file.name, size: file.size } },
    status: 'sending',
  });
  const problem = uploadProblem(file, limits, state.strings.value, deps.locale);
  if (problem) return failPending(state, clientId, problem);
  failedUploads.set(clientId, file);
  const identity = await deps.identity();
  if (!identity) return failPending(state, clientId, state.notice.value ?? state.strings.value.cannotConnect, true);
  const result = await deps.upload(identity.token, file);
  if (result.error !== undefined) return failPending(state, clientId, result.error, true);
  failedUploads.delete(clientId);
  removePending(state, clientId);
  const { link, name, size } = result.data;
  send({ name: 'media', payload: { link: new URL(link, `${deps.server}/`).href, type: result.data.type, name, size } });
}

/** Adds a pending item, or puts it back at the end under the same clientId (a retried upload). */
export function addPending(state: ChatState, pending: PendingMessage): void {
  state.pending.value = [...state.pending.value.filter((p) => p.clientId !== pending.clientId), pending];
}

function failPending(state: ChatState, clientId: string, error: string, retryable = false): void {
  state.pending.value = state.pending.value.map((p) => (p.clientId === clientId ? { ...p, status: 'failed', error, retryable } : p));
}

function removePending(state: ChatState, clientId: string): void {
  state.pending.value = state.pending.value.filter((p) => p.clientId !== clientId);
}
