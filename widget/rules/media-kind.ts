import type { MediaType } from '../../shared/index.js';

const BY_EXTENSION: Record<string, MediaType> = {
  jpg: 'image', jpeg: 'image', png: 'image', gif: 'image', webp: 'image', avif: 'image', svg: 'image',
  mp4: 'video', webm: 'video', mov: 'video', m4v: 'video',
  mp3: 'audio', ogg: 'audio', oga: 'audio', wav: 'audio', m4a: 'audio', aac: 'audio', opus: 'audio',
};

/** A media action without `type`: guessed from the link's extension, else a file. */
export function mediaKind(link: string, type: MediaType | undefined): MediaType {
  if (type) return type;
  const extension = /\.([a-z\d]+)(?:[?#]|$)/i.exec(link)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? 'file';
}

/** The last path segment of a link, for a file without a name. */
export function fileNameOf(link: string): string {
  try {
    return decodeURIComponent(new URL(link).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}
