import type { Persona } from '../rules/conversation-start.js';
import { lazyView, Nothing } from './lazy-view.js';
import { usePanel } from './panel-context.js';
import type { PersonaAvatarProps } from './PersonaAvatar.js';

// Only bots with personas need it (the picker shares it).
const PersonaAvatar = lazyView<PersonaAvatarProps>(() => import('./PersonaAvatar.js').then((m) => m.PersonaAvatar), Nothing);

export interface HeaderProps {
  title: string;
  subtitle?: string | undefined;
  /** An image URL already checked by the caller. */
  avatar?: string | undefined;
  /** The persona the visitor picked: its name and face, over the title. */
  persona?: Persona | undefined;
  /** Launcher mode only: inline and fullscreen widgets stay open. */
  onClose?: (() => void) | undefined;
}

export function Header({ title, subtitle, avatar, persona, onClose }: HeaderProps) {
  const { t } = usePanel();
  const below = persona ? title : subtitle;
  return (
    <header class="header">
      {/* Decorative: the title next to it says who this is. */}
      {persona ? <PersonaAvatar persona={persona} class="avatar" /> : avatar && <img class="avatar" src={avatar} alt="" />}
      <div class="heading">
        <h2 class="title">{persona ? persona.name : title}</h2>
        {below && <p class="subtitle">{below}</p>}
      </div>
      {onClose && (
        <button type="button" class="icon-button" aria-label={t.closeChat} onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z" />
          </svg>
        </button>
      )}
    </header>
  );
}
