import type { Persona } from '../rules/conversation-start.js';
import { embeddableUrl } from '../rules/safe-url.js';
import { addChunkStyles } from './chunk-styles.js';
import { usePanel } from './panel-context.js';
import css from './persona-avatar.css?inline';

addChunkStyles(css);

export interface PersonaAvatarProps {
  persona: Persona;
  class: string;
}

/** The persona's picture, or its initial when it has none (or none that may load). Decorative: its name is next to it. */
export function PersonaAvatar({ persona, class: className }: PersonaAvatarProps) {
  const { server } = usePanel();
  const src = persona.avatar && embeddableUrl(persona.avatar, server);
  if (src) return <img class={className} src={src} alt="" />;
  return (
    <span class={`${className} initial`} aria-hidden="true">
      {[...persona.name][0]?.toUpperCase()}
    </span>
  );
}
