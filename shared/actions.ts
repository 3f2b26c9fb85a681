/**
 * The triggerable events of the bot protocol (seed 003): the one vocabulary of what a bot
 * says, everywhere in Confab. The built-in engine produces them, a webhook bot returns them,
 * the store keeps them and the widget renders them. Field choices where 003 is silent are
 * those of DESIGN.md ("Payload fields") and are listed in the README's protocol reference.
 */

/** An option of a choice message (bubbles, button_template). */
export interface ChoiceOption {
  id: string;
  label: string;
}

export interface CarouselOption extends ChoiceOption {
  image_url: string;
  description?: string;
}

export interface ListOption extends ChoiceOption {
  description?: string;
}

export interface LinkButton {
  label: string;
  url: string;
}

export type TextFormat = 'markdown_v1' | 'plain';

export type MediaType = 'image' | 'video' | 'audio' | 'file';

export type TemplateHeader =
  | { type: 'text'; text: string }
  | { type: 'image' | 'video' | 'document'; link: string };

export interface ForwardOptions {
  /** With "feedback" a failed forward is reported back to the bot as forward_failed. */
  on_failure?: 'feedback';
}

/** Where an answer came from, shown under the message (Confab's addition to 003's message). */
export interface MessageSource {
  title: string;
  url: string;
}

export interface BotActionPayloads {
  message: { body: string; text_format?: TextFormat; sources?: MessageSource[] };
  bubbles: { body: string; fallback: string; options: ChoiceOption[] };
  carousel: { body?: string; fallback: string; options: CarouselOption[] };
  button_template: {
    header?: TemplateHeader;
    body: string;
    footer?: string;
    fallback: string;
    options: ChoiceOption[];
  };
  list_template: {
    header?: string;
    body: string;
    footer?: string;
    button: string;
    fallback: string;
    options: ListOption[];
  };
  buttons: { body?: string; buttons: LinkButton[] };
  /** Deprecated in 003 in favour of buttons; still rendered. */
  button: LinkButton;
  media: { link: string; type?: MediaType; name?: string };
  navigate: { url: string };
  contact_update: {
    name?: string;
    email?: string;
    mobile_number?: string;
    external_customer_id?: string;
    custom_fields?: Record<string, unknown>;
    campaigns?: boolean;
  };
  conversation_update: {
    subject?: string;
    topics?: string[];
    locale?: string;
    custom_fields?: Record<string, unknown>;
  };
  note_create: { body: string; contact_identity_id?: string };
  abort: Record<string, never>;
  end: Record<string, never>;
  forward_group: ForwardOptions & { group_id: string };
  forward_skills: ForwardOptions & { skills: string[] };
  forward_any: ForwardOptions;
  /** Holds back the actions after it by `duration` ms; typing indicator unless typing is false. */
  delay: { duration: number; typing?: boolean };
  addon_dispatch: { addon: string };
  email_dispatch: { recipient: 'operator' | 'contact' };
}

export type BotActionName = keyof BotActionPayloads;

/** One bot action as a 003 packet: `{name, payload}`, discriminated by name. */
export type BotAction = {
  [N in BotActionName]: { name: N; payload: BotActionPayloads[N] };
}[BotActionName];

export type BotActionOf<N extends BotActionName> = Extract<BotAction, { name: N }>;

/** Every action name, for code that must cover them all (renderers, validators). */
export const BOT_ACTION_NAMES = [
  'message',
  'bubbles',
  'carousel',
  'button_template',
  'list_template',
  'buttons',
  'button',
  'media',
  'navigate',
  'contact_update',
  'conversation_update',
  'note_create',
  'abort',
  'end',
  'forward_group',
  'forward_skills',
  'forward_any',
  'delay',
  'addon_dispatch',
  'email_dispatch',
] as const satisfies readonly BotActionName[];

/** Actions that offer a choice the visitor answers once with a click. */
export const CHOICE_ACTION_NAMES = [
  'bubbles',
  'carousel',
  'button_template',
  'list_template',
] as const satisfies readonly BotActionName[];

export type ChoiceAction = BotActionOf<(typeof CHOICE_ACTION_NAMES)[number]>;

export function isChoiceAction(action: BotAction): action is ChoiceAction {
  return (CHOICE_ACTION_NAMES as readonly string[]).includes(action.name);
}
