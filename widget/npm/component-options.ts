import type { ConfabEventMap, ConfabEventName } from '../contract.js';
import { mount, type MountOptions, type Widget } from './widget.js';

/** The option names a component passes on to mount() (every data-* attribute, camelCased). */
export const OPTION_KEYS = [
  'botKey', 'server', 'title', 'subtitle', 'avatar', 'primaryColor', 'textColor', 'position', 'offsetX', 'offsetY', 'zIndex',
  'launcherIcon', 'mode', 'target', 'open', 'theme', 'locale', 'font', 'hideLauncher', 'storage', 'nonce', 'css', 'customCss',
  'userId', 'userHash', 'userEmail', 'userName', 'unreadBadge', 'preview', 'titleCount',
] as const satisfies readonly (keyof MountOptions)[];

// An option added to the widget (contract.ts) and not here fails the typecheck: the components would drop it.
type Unlisted = Exclude<keyof MountOptions, (typeof OPTION_KEYS)[number]>;
export const EVERY_OPTION_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

export const WIDGET_EVENTS = ['ready', 'open', 'close', 'message', 'unread'] as const satisfies readonly ConfabEventName[];

/** What an event hands its callback: `ready` gives the widget, to call its methods. */
export type EventArgument<E extends ConfabEventName> = E extends 'ready' ? Widget : ConfabEventMap[E];

/** The options among a component's props, undefined ones left out (the widget's defaults apply). */
export function pickOptions(props: Partial<Record<string, unknown>>): MountOptions {
  const options: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) if (props[key] !== undefined) options[key] = props[key];
  return options as MountOptions;
}

/** The same options give the same key: a component remounts only when one really changed. */
export function optionsKey(options: MountOptions): string {
  return JSON.stringify(OPTION_KEYS.map((key) => options[key] ?? null));
}

/** Mounts the widget and forwards its events to `deliver`, which the component points at its current callbacks. */
export function mountForComponent(options: MountOptions, deliver: <E extends ConfabEventName>(event: E, argument: EventArgument<E>) => void): Widget {
  const widget = mount(options);
  for (const event of WIDGET_EVENTS)
    widget.on(event, (payload) => deliver(event, (event === 'ready' ? widget : payload) as EventArgument<typeof event>));
  return widget;
}
