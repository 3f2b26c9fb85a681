import { useEffect, useRef, useState } from 'preact/hooks';
import type { BotActionOf, BotMessage } from '../../shared/index.js';
import { addChunkStyles } from './chunk-styles.js';
import css from './list-sheet.css?inline';
import { usePanel } from './panel-context.js';

addChunkStyles(css);

export interface ListSheetProps {
  message: BotMessage;
  onClose(): void;
}

/** 003 allows ten options in a list template. */
const MAX_OPTIONS = 10;

/**
 * The selection sheet of a list template: a modal sheet over the conversation with the
 * options as radio buttons (label and description) and a submit button. Escape or the
 * backdrop closes it; the panel makes everything behind it inert.
 */
export function ListSheet({ message, onClose }: ListSheetProps) {
  const { t, actions } = usePanel();
  const { payload } = message.packet as BotActionOf<'list_template'>;
  const options = payload.options.slice(0, MAX_OPTIONS);
  const [selected, setSelected] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector('input')?.focus(), []);

  const submit = (): void => {
    const option = options.find((o) => o.id === selected);
    if (!option) return;
    actions.choose(message, { id: option.id, label: option.label });
    onClose();
  };

  return (
    <div class="sheet-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div
        class="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`confab-sheet-${message.id}`}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.stopPropagation(); // closes the sheet, not the whole panel
          onClose();
        }}
      >
        <form
          ref={form}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <fieldset>
            <legend id={`confab-sheet-${message.id}`} class="sheet-title">
              {payload.header || payload.button}
            </legend>
            {options.map((option) => (
              <label key={option.id} class="sheet-option">
                <input
                  type="radio"
                  name={`confab-list-${message.id}`}
                  value={option.id}
                  checked={selected === option.id}
                  onChange={() => setSelected(option.id)}
                />
                <span class="sheet-option-text">
                  <span class="option-label">{option.label}</span>
                  {option.description && <span class="option-description">{option.description}</span>}
                </span>
              </label>
            ))}
          </fieldset>
          <div class="sheet-actions">
            <button type="button" class="sheet-cancel" onClick={onClose}>
              {t.close}
            </button>
            <button type="submit" class="sheet-submit" disabled={selected === null}>
              {t.send}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
