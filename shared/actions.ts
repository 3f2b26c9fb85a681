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

/** What a media link holds (003 media, and a visitor's upload). */
export const MEDIA_TYPES = ['image', 'video', 'audio', 'file'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** How an uploaded file is shown, from its MIME type: images inline, anything else as a file. */
export function mediaTypeOf(mime: string): MediaType {
  return mime.startsWith('image/') ? 'image' : 'file';
}

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

/** How an AI answer came about (Confab's addition to 003's message): stored with the answer. */
/** The fields of an inline form (000 whatsapp_flow's form_config). */
export interface InlineForm {
  fields: Array<{ name: string; label: string; type: 'text' | 'number' | 'email' | 'phone' | 'date'; required: boolean }>;
}

export interface AiAnswerInfo {
  /** The model that answered ("extractive" for the offline mode). */
  model: string;
  provider: string;
  usage: { inputTokens: number | null; outputTokens: number | null };
  /** complete; stopped by the visitor; cut: the provider failed mid-answer, the text is partial. */
  finish: 'complete' | 'stopped' | 'cut';
  /** The stream (message:draft) this message completes. */
  draftId: string;
}

export interface BotActionPayloads {
  /**
   * `follow_ups`: suggested next questions, sent as the visitor's message when clicked.
   * `form`: a whatsapp_flow step's fields, for a client that shows them as one inline form and
   * answers them at once (a message with `form` values, replying to this one); others answer
   * the questions one by one.
   */
  message: { body: string; text_format?: TextFormat; sources?: MessageSource[]; follow_ups?: string[]; ai?: AiAnswerInfo; form?: InlineForm };
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

/**
 * What each action does, the one table the groupings below derive from: a new action must
 * be given a role here before it compiles.
 * - say, choice, link, media, navigate: shown to the visitor (choice: answered once by a click);
 * - forward, abort: hand the conversation to people (the bot falls silent); end: ends it.
 *   The three show the visitor one system line;
 * - internal: applied by the server (contact, conversation, notes, dispatches), never shown;
 * - timing: holds back what follows (delay), never shown.
 */
export type ActionRole = 'say' | 'choice' | 'link' | 'media' | 'navigate' | 'forward' | 'abort' | 'end' | 'internal' | 'timing';

export const ACTION_ROLES = {
  message: 'say',
  bubbles: 'choice',
  carousel: 'choice',
  button_template: 'choice',
  list_template: 'choice',
  buttons: 'link',
  button: 'link',
  media: 'media',
  navigate: 'navigate',
  contact_update: 'internal',
  conversation_update: 'internal',
  note_create: 'internal',
  abort: 'abort',
  end: 'end',
  forward_group: 'forward',
  forward_skills: 'forward',
  forward_any: 'forward',
  delay: 'timing',
  addon_dispatch: 'internal',
  email_dispatch: 'internal',
} as const satisfies Record<BotActionName, ActionRole>;

/** The names of the actions of some roles, as a type: `ActionNameOf<'forward' | 'abort'>`. */
export type ActionNameOf<R extends ActionRole> = {
  [N in BotActionName]: (typeof ACTION_ROLES)[N] extends R ? N : never;
}[BotActionName];

/** Actions that hand the conversation to people, one system line each, or end it. */
export type SystemLineName = ActionNameOf<'forward' | 'abort' | 'end'>;

/**
 * Whether an action has one of the roles. Names the table does not know (a newer bot's
 * action reaching an older widget) have none.
 */
export function hasRole<R extends ActionRole>(action: BotAction, ...roles: R[]): action is BotActionOf<ActionNameOf<R>> {
  return (roles as readonly string[]).includes(ACTION_ROLES[action.name]);
}

/** Actions that offer a choice the visitor answers once with a click. */
export const CHOICE_ACTION_NAMES = [
  'bubbles',
  'carousel',
  'button_template',
  'list_template',
] as const satisfies readonly ActionNameOf<'choice'>[];

export type ChoiceAction = BotActionOf<ActionNameOf<'choice'>>;

export function isChoiceAction(action: BotAction): action is ChoiceAction {
  return hasRole(action, 'choice');
}

/**
 * The words of an action in a text-only view (the thread API, the API channel, the message
 * webhook): its body first, then what stands in for it. Actions that carry no words of
 * their own (system lines, internal and timing actions) have none: each view says what it
 * shows for them. Exhaustive, so a new action must decide here.
 */
export function actionWords(action: BotAction): string | undefined {
  switch (action.name) {
    case 'message':
    case 'bubbles':
    case 'button_template':
    case 'list_template':
      return action.payload.body;
    case 'carousel':
      return action.payload.body ?? action.payload.fallback;
    case 'buttons':
      return action.payload.body ?? action.payload.buttons.map((b) => `${b.label}: ${b.url}`).join('\n');
    case 'button':
      return `${action.payload.label}: ${action.payload.url}`;
    case 'media':
      return action.payload.name || action.payload.link;
    case 'navigate':
      return action.payload.url;
    case 'forward_group':
    case 'forward_skills':
    case 'forward_any':
    case 'abort':
    case 'end':
    case 'contact_update':
    case 'conversation_update':
    case 'note_create':
    case 'delay':
    case 'addon_dispatch':
    case 'email_dispatch':
      return undefined;
  }
}
