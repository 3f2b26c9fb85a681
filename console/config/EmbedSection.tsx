import { useState } from 'preact/hooks';
import { EMBED_ATTRIBUTES, embedSnippet, type EmbedOptions } from './embed-attributes.js';
import { Select, TextInput } from './fields.js';

export interface EmbedSectionProps {
  server: string;
  botKey: string;
  options: EmbedOptions;
  onChange: (options: EmbedOptions) => void;
}

/** Every attribute of the embed tag, the tag they make, and a button that copies it. */
export function EmbedSection({ server, botKey, options, onChange }: EmbedSectionProps) {
  const [copied, setCopied] = useState<string | null>(null);
  const snippet = embedSnippet(server, botKey, options);
  const set = (name: string, value: string) => {
    const next = { ...options };
    if (value) next[name] = value;
    else delete next[name];
    onChange(next);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard permission (an http page, say): the text is selected for Ctrl+C.
      const code = document.getElementById('embed-snippet');
      if (code) window.getSelection()?.selectAllChildren(code);
      setCopied('Selected: press Ctrl+C (⌘C) to copy.');
    }
  };
  return (
    <section class="config-form embed" aria-labelledby="embed-title">
      <h2 id="embed-title">Embed snippet</h2>
      <p class="muted">Paste this tag into every page that should have the chat, just before &lt;/body&gt;.</p>
      <pre class="snippet" tabIndex={0} aria-label="The embed tag">
        <code id="embed-snippet">{snippet}</code>
      </pre>
      <div class="try-row">
        <button type="button" class="button primary" onClick={() => void copy()}>
          Copy snippet
        </button>
        <p role="status" class="field-hint">
          {copied}
        </p>
      </div>
      <fieldset class="attributes">
        <legend>Attributes</legend>
        {EMBED_ATTRIBUTES.map((a) => {
          const id = `embed-${a.name}`;
          const value = options[a.name] ?? '';
          if (a.kind === 'boolean' || a.kind === 'choice') {
            const choices = [{ value: '', label: 'default' }, ...(a.choices ?? ['true', 'false']).map((c) => ({ value: c, label: c }))];
            return <Select key={a.name} id={id} label={`${a.label} (${a.name})`} value={value} options={choices} onChange={(v) => set(a.name, v)} />;
          }
          return <TextInput key={a.name} id={id} label={`${a.label} (${a.name})`} hint={a.hint} value={value} placeholder={a.kind === 'color' ? '#2563eb' : undefined} onChange={(v) => set(a.name, v)} />;
        })}
      </fieldset>
    </section>
  );
}
