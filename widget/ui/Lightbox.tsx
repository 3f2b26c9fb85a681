import { useEffect, useRef } from 'preact/hooks';
import { addChunkStyles } from './chunk-styles.js';
import css from './lightbox.css?inline';
import { usePanel } from './panel-context.js';

addChunkStyles(css);

export interface LightboxProps {
  src: string;
  alt: string;
  onClose(): void;
}

/**
 * An image at full size in a modal <dialog>: the browser's top layer over the whole page,
 * with focus kept inside and everything else inert. Escape, the close button or a click
 * anywhere closes it.
 */
export function Lightbox({ src, alt, onClose }: LightboxProps) {
  const { t } = usePanel();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="lightbox"
      aria-label={alt}
      onCancel={(event) => {
        event.preventDefault(); // the panel's state closes it
        onClose();
      }}
      onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()}
      // A click anywhere closes it, the close button's included.
      onClick={onClose}
    >
      <img src={src} alt={alt} />
      <button type="button" class="lightbox-close" aria-label={t.close}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z" />
        </svg>
      </button>
    </dialog>
  );
}
