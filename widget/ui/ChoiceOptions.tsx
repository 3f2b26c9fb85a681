import type { ChoiceOption, ListOption } from '../../shared/index.js';
import type { ChoiceAnswer } from '../rules/choices.js';

export interface ChoiceOptionsProps {
  options: readonly ListOption[];
  /** undefined while unanswered; then every option is disabled and the chosen one marked. */
  answer: ChoiceAnswer | undefined;
  onChoose(option: ChoiceOption): void;
  layout: 'bubbles' | 'list';
  label: string;
}

export function ChoiceOptions({ options, answer, onChoose, layout, label }: ChoiceOptionsProps) {
  const answered = answer !== undefined;
  return (
    <ul class={`options ${layout}`} aria-label={label}>
      {options.map((option) => {
        const chosen = answer?.id === option.id;
        return (
          <li key={option.id}>
            <button
              type="button"
              class={chosen ? 'option chosen' : 'option'}
              disabled={answered}
              aria-pressed={answered ? chosen : undefined}
              onClick={() => onChoose({ id: option.id, label: option.label })}
            >
              <span class="option-label">{option.label}</span>
              {option.description && <span class="option-description">{option.description}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
