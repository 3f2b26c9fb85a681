import type { Persona } from '../rules/conversation-start.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import { PersonaAvatar } from './PersonaAvatar.js';
import css from './persona-picker.css?inline';

addChunkStyles(css);

export interface PersonaPickerProps {
  personas: readonly Persona[];
  /** The id of the persona picked for this conversation, if any. */
  chosen: string | undefined;
  onChoose(personaId: string): void;
}

/** A row under the header, while the conversation is new: who the visitor wants to chat with. */
export function PersonaPicker({ personas, chosen, onChoose }: PersonaPickerProps) {
  const { t } = usePanel();
  return (
    <div class="personas">
      <span id="confab-personas">{t.chatWith}</span>
      <ul aria-labelledby="confab-personas">
        {personas.map((persona) => (
          <li key={persona.id}>
            <button type="button" class="persona" aria-pressed={persona.id === chosen} onClick={() => onChoose(persona.id)}>
              <PersonaAvatar persona={persona} class="persona-avatar" />
              <span dir="auto">{persona.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
