import type { MediaType } from '../../shared/index.js';
import { fill } from '../i18n/en.js';
import { embeddableUrl, linkUrl } from '../rules/safe-url.js';
import { formatBytes } from '../rules/upload-check.js';
import { fileNameOf, mediaKind } from '../rules/media-kind.js';
import { usePanel } from './panel-context.js';
import { addChunkStyles } from './chunk-styles.js';
import css from './media.css?inline';

addChunkStyles(css);

export interface MediaContentProps {
  link: string;
  type?: MediaType | undefined;
  name?: string | undefined;
  size?: number | undefined;
}

/**
 * An image (opens larger on click), a video or audio player, or a file link with its name.
 * Images, video and audio only load over https or from the Confab server; anything else is
 * offered as a link instead.
 */
export function MediaContent({ link, type, name, size }: MediaContentProps) {
  const { t, server, locale, showImage } = usePanel();
  const kind = mediaKind(link, type);
  const label = name || fileNameOf(link) || (kind === 'image' ? t.image : t.file);
  const src = kind === 'file' || !link ? null : embeddableUrl(link, server);
  if (src && kind === 'image') {
    return (
      <button
        type="button"
        class="media-image"
        aria-label={fill(t.enlargeImage, { name: label })}
        onClick={(event) => showImage(src, label, event.currentTarget)}
      >
        <img src={src} alt="" loading="lazy" />
      </button>
    );
  }
  if (src && kind === 'video') return <video class="media-video" src={src} controls preload="metadata" aria-label={label} />;
  if (src && kind === 'audio') return <audio class="media-audio" src={src} controls preload="metadata" aria-label={label} />;
  const href = link ? linkUrl(link, `${server}/`) : null;
  const content = (
    <>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm7 1.5V9h5.5L13 3.5Z" />
      </svg>
      <span class="file-name">{label}</span>
      {size !== undefined && size > 0 && <span class="file-size">{formatBytes(size, locale)}</span>}
    </>
  );
  return href ? (
    <a class="file-chip" href={href} target="_blank" rel="noopener noreferrer">
      {content}
    </a>
  ) : (
    <span class="file-chip">{content}</span>
  );
}
