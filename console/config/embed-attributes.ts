/**
 * The embed tag's data-* attributes (README, "Attributes"): the snippet builder offers each,
 * and the live preview is the same tag, so what the owner sees is what the page will run.
 */
export interface EmbedAttribute {
  name: string;
  label: string;
  kind: 'text' | 'color' | 'number' | 'boolean' | 'choice';
  choices?: readonly string[];
  hint?: string;
}

export const EMBED_ATTRIBUTES: readonly EmbedAttribute[] = [
  { name: 'data-server', label: 'Server', kind: 'text', hint: "Where API calls and Socket.IO go; default: the script's origin." },
  { name: 'data-title', label: 'Title', kind: 'text' },
  { name: 'data-subtitle', label: 'Subtitle', kind: 'text' },
  { name: 'data-avatar', label: 'Avatar URL', kind: 'text' },
  { name: 'data-primary-color', label: 'Primary color', kind: 'color' },
  { name: 'data-text-color', label: 'Text color', kind: 'color', hint: 'Only together with the primary color.' },
  { name: 'data-position', label: 'Position', kind: 'choice', choices: ['right', 'left'] },
  { name: 'data-offset-x', label: 'Offset from the side (px)', kind: 'number' },
  { name: 'data-offset-y', label: 'Offset from the bottom (px)', kind: 'number' },
  { name: 'data-z-index', label: 'z-index', kind: 'number', hint: "A plain z-index instead of the browser's top layer." },
  { name: 'data-launcher-icon', label: 'Launcher icon URL', kind: 'text' },
  { name: 'data-mode', label: 'Mode', kind: 'choice', choices: ['launcher', 'inline', 'fullscreen'] },
  { name: 'data-target', label: 'Inline target (CSS selector)', kind: 'text' },
  { name: 'data-open', label: 'Open on load', kind: 'boolean' },
  { name: 'data-theme', label: 'Theme', kind: 'choice', choices: ['light', 'dark', 'auto'] },
  { name: 'data-locale', label: 'Locale', kind: 'text', hint: 'en, de, fr, es or ar; default: the browser’s languages.' },
  { name: 'data-font', label: 'Font (CSS font-family)', kind: 'text' },
  { name: 'data-hide-launcher', label: 'Hide the launcher', kind: 'boolean' },
  { name: 'data-storage', label: 'Visitor storage', kind: 'choice', choices: ['local', 'session', 'none'] },
  { name: 'data-nonce', label: 'Style nonce', kind: 'text' },
  { name: 'data-css', label: 'Extra CSS', kind: 'text' },
  { name: 'data-unread-badge', label: 'Unread badge', kind: 'boolean' },
  { name: 'data-preview', label: 'Preview bubble', kind: 'boolean' },
  { name: 'data-title-count', label: 'Count in the tab title', kind: 'boolean' },
  { name: 'data-user-id', label: 'User id', kind: 'text', hint: 'Filled by your server per signed-in user.' },
  { name: 'data-user-hash', label: 'User hash', kind: 'text', hint: 'Computed by your server (identity verification).' },
  { name: 'data-user-email', label: 'User email', kind: 'text' },
  { name: 'data-user-name', label: 'User name', kind: 'text' },
];

/** Attribute values as the owner set them; unset ones are left out of the tag. */
export type EmbedOptions = Record<string, string>;

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The tag to paste: only what differs from the defaults, one attribute a line when there are several. */
export function embedSnippet(server: string, botKey: string, options: EmbedOptions): string {
  const attributes = [`src="${escapeAttribute(`${server.replace(/\/$/, '')}/widget.js`)}"`, `data-bot-key="${escapeAttribute(botKey)}"`];
  for (const { name } of EMBED_ATTRIBUTES) {
    const value = options[name];
    if (value !== undefined && value !== '') attributes.push(`${name}="${escapeAttribute(value)}"`);
  }
  attributes.push('async');
  return attributes.length > 4 ? `<script\n  ${attributes.join('\n  ')}\n></script>` : `<script ${attributes.join(' ')}></script>`;
}
