import { useEffect, useRef } from 'preact/hooks';

export const SHORTCUTS: Array<[keys: string[], what: string]> = [
  [['j', '↓'], 'Next conversation in the list'],
  [['k', '↑'], 'Previous conversation in the list'],
  [['Enter'], 'Open the conversation'],
  [['r'], 'Focus the reply box'],
  [['n'], 'Pick next from the queue'],
  [['1', '2', '3'], 'Show Queue, Mine, All open'],
  [['Esc'], 'Back to the list'],
  [['/'], 'In the reply box: canned responses'],
  [['Enter'], 'In the reply box: send (Shift+Enter: new line)'],
  [['?'], 'Show these shortcuts'],
];

/** The keyboard shortcuts, in a modal dialog ("?" opens it, Escape closes it). */
export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    const opener = document.activeElement as HTMLElement | null;
    if (typeof el.showModal === 'function' && !el.open) el.showModal();
    return () => opener?.focus?.();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="help"
      aria-labelledby="help-title"
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => event.target === dialog.current && onClose()}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <dl class="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {keys.map((key, index) => (
                <>
                  {index > 0 && <span class="or"> or </span>}
                  <kbd key={key}>{key}</kbd>
                </>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" class="button primary" onClick={onClose} autofocus>
        Close
      </button>
    </dialog>
  );
}
