import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { aiContextSchema } from '../definitions/ai-context-definition.js';
import { botDefinitionSchema, keywordRuleSchema, parseSettings, settingsUpdateSchema } from '../definitions/bot-definition.js';
import { flowSchema, parseFlow } from '../definitions/flow-definition.js';

/** A bot kept as a file (demo/bot.json): key, name, settings and the three collections of seed 000. */
export interface BotFile {
  key: string;
  name: string;
  settings: Record<string, unknown>;
  keywords: Record<string, unknown>[];
  ai_contexts: Record<string, unknown>[];
  flows: Record<string, unknown>[];
}

/** `keywords[2].match_type`: where a problem is, as a JSON path into the file. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('') || '(the file)';
}

function issuesOf(schema: z.ZodType, value: unknown, at: PropertyKey[]): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${jsonPath([...at, ...issue.path])}: ${issue.message}`);
}

/** What the API would refuse in a thrown ZodError (checks beyond the schemas: a webhook bot's URL). */
function thrownIssues(work: () => unknown, at: PropertyKey[]): string[] {
  try {
    work();
    return [];
  } catch (err) {
    const issues = (err as Partial<z.ZodError>).issues;
    if (!issues) return [`${jsonPath(at)}: ${(err as Error).message}`];
    return issues.map((issue) => `${jsonPath([...at, ...issue.path])}: ${issue.message}`);
  }
}

/**
 * Every problem of a bot file, each with its JSON path: the very schemas the configuration
 * API validates with (server/definitions), so a file that passes here imports.
 */
export function checkBotFile(value: unknown): string[] {
  const top = issuesOf(botDefinitionSchema, value, []);
  if (top.length > 0) return top;
  const def = botDefinitionSchema.parse(value);
  const settings = issuesOf(settingsUpdateSchema, def.settings ?? {}, ['settings']);
  return [
    ...(settings.length > 0 ? settings : thrownIssues(() => parseSettings(def.settings ?? {}), ['settings'])),
    ...def.keywords.flatMap((rule, i) => issuesOf(keywordRuleSchema, rule, ['keywords', i])),
    ...def.ai_contexts.flatMap((context, i) => issuesOf(aiContextSchema, context, ['ai_contexts', i])),
    ...def.flows.flatMap((flow, i) => {
      const issues = issuesOf(flowSchema, flow, ['flows', i]);
      return issues.length > 0 ? issues : thrownIssues(() => parseFlow(flow), ['flows', i]);
    }),
  ];
}

/** A bot file read and checked; its problems (or the JSON's) as a list. */
export async function readBotFile(file: string): Promise<{ bot: BotFile; problems: [] } | { bot: undefined; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { bot: undefined, problems: [`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { bot: undefined, problems: [`${file}: not valid JSON (${(err as Error).message})`] };
  }
  const problems = checkBotFile(value);
  if (problems.length > 0) return { bot: undefined, problems };
  const def = botDefinitionSchema.parse(value);
  return { bot: { ...def, settings: (def.settings ?? {}) as Record<string, unknown> } as BotFile, problems: [] };
}

/** `confab init`: a bot with settings, a keyword rule and a flow, each a starting point to edit. */
export function starterBot(key = 'my-bot'): BotFile {
  return {
    key,
    name: 'My bot',
    settings: {
      chatbot_enabled: true,
      ai_enabled: false,
      greeting_message: 'Hi! How can I help you today?',
      greeting_buttons: [{ title: 'Opening hours' }, { title: 'Leave feedback' }, { title: 'Speak to Agent' }],
      fallback_message: "Sorry, I didn't understand that. You can ask about our **opening hours**, or leave **feedback**.",
      fallback_buttons: [{ title: 'Opening hours' }, { title: 'Speak to Agent' }],
      transfer_keywords: ['agent', 'human', 'speak to agent'],
      business_hours_enabled: false,
    },
    keywords: [
      {
        name: 'Opening hours',
        keywords: ['opening hours', 'hours', 'open'],
        match_type: 'contains',
        response_type: 'text',
        response: "We're open Monday to Friday, 9:00 to 18:00.",
        priority: 10,
        enabled: true,
      },
    ],
    ai_contexts: [],
    flows: [
      {
        name: 'Feedback',
        trigger_keywords: ['feedback', 'leave feedback'],
        initial_message: "Thanks for taking a moment! Two quick questions.",
        completion_message: 'Thank you for your feedback!',
        enabled: true,
        steps: [
          {
            step_name: 'rating',
            step_order: 1,
            message: 'How would you rate us?',
            message_type: 'buttons',
            buttons: [{ title: 'Great' }, { title: 'Okay' }, { title: 'Poor' }],
            store_as: 'rating',
          },
          { step_name: 'comment', step_order: 2, message: 'Anything else you would like to tell us?', message_type: 'text', store_as: 'comment' },
        ],
      },
    ],
  };
}
