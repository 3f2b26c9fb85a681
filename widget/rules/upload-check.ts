import type { WidgetConfig } from '../../shared/index.js';
import { fill, type Strings } from '../i18n/en.js';

/** Matches a MIME type against the bot's accepted types (exact, or a `image/*` family). */
export function acceptsType(types: readonly string[], mime: string): boolean {
  const type = mime.toLowerCase();
  return types.some((accepted) => {
    const a = accepted.toLowerCase();
    return a === type || (a.endsWith('/*') && type.startsWith(a.slice(0, -1)));
  });
}

/**
 * Why a file cannot be sent, in the visitor's words, or null when it can. The server checks
 * again (by content, not by the name or the browser's guess): this only spares the visitor
 * an upload that would be refused.
 */
export function uploadProblem(file: File, uploads: WidgetConfig['uploads'], t: Strings, locale: string): string | null {
  if (file.size > uploads.maxBytes) return fill(t.fileTooLarge, { name: file.name, max: formatBytes(uploads.maxBytes, locale) });
  if (uploads.types.length && !acceptsType(uploads.types, file.type)) return fill(t.fileType, { name: file.name });
  return null;
}

export function formatBytes(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : bytes >= 1_000 ? [bytes / 1_000, 'kilobyte'] : [bytes, 'byte'];
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
  } catch {
    return `${Math.round(value)} ${unit}`;
  }
}
