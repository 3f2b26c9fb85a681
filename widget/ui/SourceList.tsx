import type { MessageSource } from '../../shared/index.js';
import { parse } from '../rules/safe-url.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './sources.css?inline';

addChunkStyles(css);

export interface SourceListProps {
  sources: readonly MessageSource[];
  /** The message's id, to name the list by its label. */
  id: string;
}

/** Where an answer came from: small links under it that open in a new tab, or the source's name when it has no page. */
export function SourceList({ sources, id }: SourceListProps) {
  const { t } = usePanel();
  // A source without a URL (an AI context of static text) is named; other URLs than web pages are dropped.
  const links = sources.flatMap((source) => {
    const title = source.title.trim();
    if (!source.url) return title ? [{ href: '', title }] : [];
    const url = parse(source.url, location.href);
    return url && (url.protocol === 'https:' || url.protocol === 'http:') ? [{ href: url.href, title: title || url.host }] : [];
  });
  if (links.length === 0) return null;
  const labelId = `sources-${id}`;
  return (
    <div class="sources">
      <span id={labelId}>{t.sources}</span>
      <ul aria-labelledby={labelId}>
        {links.map((link, index) => (
          <li key={index}>
            {link.href ? (
              <a href={link.href} target="_blank" rel="noopener noreferrer" dir="auto">
                {link.title}
              </a>
            ) : (
              <span dir="auto">{link.title}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
