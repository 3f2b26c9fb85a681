import { useState } from 'preact/hooks';

export interface ShownOnceProps {
  /** The field's label ("Admin token"); the copy button says "Copy <label>". */
  label: string;
  value: string;
  /** A snippet of several lines rather than a token. */
  multiline?: boolean;
}

/** A secret or snippet shown this once, read-only, with a copy button. */
export function ShownOnce({ label, value, multiline }: ShownOnceProps) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const id = `shown-${label.toLowerCase().replace(/\W+/g, '-')}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard (permissions, plain http): the text is selected for the keyboard instead.
      (document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null)?.select();
      setCopied('no');
    }
  };
  return (
    <div class="shown-once">
      <label for={id}>{label}</label>
      <div class="shown-once-row">
        {multiline ? (
          <textarea id={id} readOnly rows={3} value={value} spellcheck={false} />
        ) : (
          <input id={id} type="text" readOnly value={value} spellcheck={false} autoComplete="off" />
        )}
        <button type="button" class="button" onClick={() => void copy()}>
          {/* "Copy admin token", "Copy API key": a leading acronym keeps its case. */}
          Copy {label.replace(/^[A-Z][a-z]/, (first) => first.toLowerCase())}
        </button>
      </div>
      <p class="shown-once-note" role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </p>
    </div>
  );
}
