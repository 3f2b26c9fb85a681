import type { ConfigApi } from './config-api.js';
import { errorAt, TextInput, withOptional } from './fields.js';
import { SingletonSection } from './SingletonSection.js';
import type { Icons } from './types.js';

const ICONS = [
  { key: 'launcher', label: 'Launcher icon' },
  { key: 'bot_avatar', label: 'Bot avatar' },
  { key: 'agent_avatar', label: 'Avatar of an agent who has none' },
] as const;

/** The widget's pictures, as https URLs; an empty field keeps the widget's own. */
export function IconsSection({ api }: { api: ConfigApi }) {
  return (
    <SingletonSection<Icons>
      api={api}
      path="/icons"
      title="Icons"
      hint="Pictures the widget shows, as https URLs; an empty field keeps the widget's own."
      editor={(draft, problem) =>
        ICONS.map(({ key, label }) => (
          <TextInput
            key={key}
            id={`icon-${key}`}
            label={label}
            type="url"
            value={draft.value![key] ?? ''}
            error={errorAt(problem, `icons.${key}`)}
            onChange={(v) => draft.update((d) => withOptional(d, key, v))}
          />
        ))
      }
    />
  );
}
