import { z } from 'zod';
import { WIDGET_LANGUAGES, WIDGET_STRING_KEYS } from '../../shared/index.js';

/**
 * The per-bot sections of the thread document (002) that are Confab settings: each is a
 * settings field, and each has its own route under /api/chatbot (collections.ts, settings).
 */

const httpUrl = z.url({ protocol: /^https?$/ }).max(2_000);
const httpsUrl = z.url({ protocol: /^https$/ }).max(2_000);
const itemId = z.string().min(1).max(64).optional();

/** Links shown on a new conversation: the site's help pages, status page, contact form. */
export const linkSchema = z.object({ id: itemId, title: z.string().trim().min(1).max(60), url: httpUrl, icon: httpsUrl.optional() }).strict();

/** Markdown blocks shown on a new conversation, above the first messages (opening hours, a notice). */
export const customContentSchema = z.object({ id: itemId, title: z.string().trim().min(1).max(120).optional(), body: z.string().trim().min(1).max(5_000) }).strict();

/** Chips offered after each bot answer that has none of its own: a description is sent, a link opened. */
export const followUpPromptSchema = z
  .object({
    id: itemId,
    title: z.string().trim().min(1).max(60),
    description: z.string().trim().min(1).max(5_000).nullable().default(null),
    link: httpUrl.nullable().default(null),
  })
  .strict()
  .refine((p) => p.description !== null || p.link !== null, 'a follow-up prompt needs a description (sent as the message) or a link');

/**
 * Named AI prompt templates: the owner keeps variants of the system prompt here; `active` marks
 * the one AI answers use instead of settings.system_prompt (at most one).
 */
export const promptSchema = z
  .object({ id: itemId, name: z.string().trim().min(1).max(60), system_prompt: z.string().max(10_000), active: z.boolean().default(false) })
  .strict();

/** The widget's pictures: the launcher's icon, the bot's avatar, the avatar of an agent who has none. */
export const iconsSchema = z
  .object({ launcher: httpsUrl.optional(), bot_avatar: httpsUrl.optional(), agent_avatar: httpsUrl.optional() })
  .strict();

/** The widget's own texts, replaced per language: {en: {placeholder: "Ask us anything…"}}. */
export const widgetMessagesSchema = z.partialRecord(
  z.enum(WIDGET_LANGUAGES),
  z.partialRecord(z.enum(WIDGET_STRING_KEYS), z.string().trim().min(1).max(500)),
);

/** One item of each list section, as it is checked alone (`?dry_run`); the lists add their own limits. */
export const LIST_ITEM_SCHEMAS = { links: linkSchema, custom_content: customContentSchema, follow_up_prompts: followUpPromptSchema, prompts: promptSchema };

export const sectionFields = {
  links: z.array(linkSchema).max(20),
  custom_content: z.array(customContentSchema).max(10),
  follow_up_prompts: z.array(followUpPromptSchema).max(10),
  prompts: z
    .array(promptSchema)
    .max(20)
    .refine((list) => list.filter((p) => p.active).length <= 1, 'at most one prompt is active'),
  icons: iconsSchema,
  widget_messages: widgetMessagesSchema,
};

type WithId<T> = T & { id: string };
export interface SectionSettings {
  links: Array<WithId<z.output<typeof linkSchema>>>;
  custom_content: Array<WithId<z.output<typeof customContentSchema>>>;
  follow_up_prompts: Array<WithId<z.output<typeof followUpPromptSchema>>>;
  prompts: Array<WithId<z.output<typeof promptSchema>>>;
  icons: z.output<typeof iconsSchema>;
  widget_messages: z.output<typeof widgetMessagesSchema>;
}

export const SECTION_DEFAULTS: SectionSettings = { links: [], custom_content: [], follow_up_prompts: [], prompts: [], icons: {}, widget_messages: {} };

/** The list sections, whose items get ids. */
export const LIST_SECTIONS = ['links', 'custom_content', 'follow_up_prompts', 'prompts'] as const;
export type ListSection = (typeof LIST_SECTIONS)[number];
