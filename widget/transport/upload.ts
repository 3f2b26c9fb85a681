import type { UploadedFile } from '../../shared/index.js';
import { requestJson, type HttpResult } from './http.js';

/**
 * POST /api/widget/uploads: one multipart field `file`, the visitor's token as bearer.
 * 201 answers the stored file; 413, 415 and 401 answer a message to show.
 */
export function uploadFile(
  server: string,
  botKey: string,
  token: string,
  file: File,
  fetchImpl?: typeof fetch,
): Promise<HttpResult<UploadedFile>> {
  const body = new FormData();
  body.append('file', file, file.name);
  const init = { method: 'POST', headers: { authorization: `Bearer ${token}` }, body };
  return requestJson(`${server}/api/widget/uploads?botKey=${encodeURIComponent(botKey)}`, init, isUploadedFile, fetchImpl);
}

function isUploadedFile(value: unknown): value is UploadedFile {
  const v = value as Partial<UploadedFile> | null;
  return typeof v?.link === 'string' && (v.type === 'image' || v.type === 'file') && typeof v.name === 'string' && typeof v.size === 'number';
}
