import { useEffect, useRef, useState } from 'preact/hooks';
import css from './attach.css?inline';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';

addChunkStyles(css);

export interface AttachButtonProps {
  accept: readonly string[];
  onFiles(files: readonly File[]): void;
}

/**
 * The ways in for a file: the picker (a labelled button in front of a hidden file input) and
 * dropping files anywhere on the panel, which shows a drop zone. Its own chunk: only bots
 * that accept uploads show it. Pasting is the composer's.
 */
export function AttachButton({ accept, onFiles }: AttachButtonProps) {
  const { t } = usePanel();
  const picker = useRef<HTMLInputElement>(null);
  const [dropping, setDropping] = useState(false);
  const latest = useRef(onFiles);
  latest.current = onFiles;

  useEffect(() => {
    const panel = picker.current?.closest('.panel');
    if (!panel) return;
    const hasFiles = (event: DragEvent): boolean => Boolean(event.dataTransfer?.types.includes('Files'));
    const over = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault(); // allows the drop
      setDropping(true);
    };
    const leave = (event: DragEvent): void => {
      if (!panel.contains(event.relatedTarget as Node | null)) setDropping(false);
    };
    const drop = (event: DragEvent): void => {
      setDropping(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      event.preventDefault(); // the browser would open the file instead
      latest.current(files);
    };
    const listeners = [['dragover', over], ['dragleave', leave], ['drop', drop]] as const;
    for (const [type, listener] of listeners) panel.addEventListener(type, listener as EventListener);
    return () => {
      for (const [type, listener] of listeners) panel.removeEventListener(type, listener as EventListener);
    };
  }, []);

  return (
    <>
      <button type="button" class="icon-button attach" aria-label={t.attach} onClick={() => picker.current?.click()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6.5v10.6a4.5 4.5 0 0 1-9 0V5.8a3 3 0 0 1 6 0v10.3a1.5 1.5 0 0 1-3 0V6.5H9v9.6a3 3 0 0 0 6 0V5.8a4.5 4.5 0 0 0-9 0v11.3a6 6 0 0 0 12 0V6.5h-1.5Z" />
        </svg>
      </button>
      <input
        ref={picker}
        type="file"
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        accept={accept.join(',')}
        onChange={(event) => {
          const input = event.currentTarget;
          onFiles(Array.from(input.files ?? []));
          input.value = ''; // the same file can be picked again
        }}
      />
      {dropping && (
        <div class="drop-zone" aria-hidden="true">
          {t.dropFile}
        </div>
      )}
    </>
  );
}
