import { z } from 'zod';
import { bodyTemplateProblem, headerProblem, URL_SHAPE, urlTemplateProblem } from '../engine/request-template.js';
import type { Flow } from '../engine/types.js';
import { buttonList, withButtonIds } from './bot-definition.js';

/** Conversation flows of seed 000 with the step types, input types and panel layout. */

const variableName = z.string().regex(/^[A-Za-z_][\w.-]{0,63}$/, 'a variable name: letters, digits, _ . - (starting with a letter or _)');
const inputTypes = ['none', 'text', 'select', 'number', 'email', 'phone', 'date'] as const;

/** A URL, absolute http(s) or "/path" on this server, possibly with {{variables}}. */
const templatedUrl = z
  .string()
  .min(1)
  .max(2_000)
  .refine((url) => {
    try {
      const u = new URL(url.replace(/\{\{[^}]*\}\}/g, 'x'), 'http://confab.invalid');
      return (u.protocol === 'http:' || u.protocol === 'https:') && (url.startsWith('/') || /^https?:\/\//i.test(url));
    } catch {
      return false;
    }
  }, 'an http(s) URL, or a path starting with / on this server');

const apiConfigSchema = z
  .object({
    url: templatedUrl,
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    headers: z.record(z.string().min(1).max(100), z.string().max(2_000)).default({}),
    body: z.string().max(20_000).optional(),
    timeout_ms: z.number().int().min(100).max(30_000).default(5_000),
    response_mapping: z.record(variableName, z.string().min(1).max(200)).default({}),
    error_message: z.string().min(1).max(5_000).default("Sorry, I couldn't look that up right now."),
    on_error: z.enum(['end', 'continue', 'transfer', 'goto']).default('end'),
    error_step: z.string().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((api, ctx) => {
    // Where visitor answers go (request-template.ts): what cannot be encoded safely is refused here.
    const url = urlTemplateProblem(api.url);
    if (url && url !== URL_SHAPE) ctx.addIssue({ code: 'custom', path: ['url'], message: url });
    for (const [name, value] of Object.entries(api.headers)) {
      const header = headerProblem(name, value);
      if (header) ctx.addIssue({ code: 'custom', path: ['headers', name], message: header });
    }
    const body = api.body === undefined ? undefined : bodyTemplateProblem(api.body, api.headers);
    if (body) ctx.addIssue({ code: 'custom', path: ['body'], message: body });
  });

const formFieldSchema = z
  .object({
    name: variableName,
    label: z.string().min(1).max(500),
    type: z.enum(['text', 'number', 'email', 'phone', 'date']).default('text'),
    required: z.boolean().default(true),
  })
  .strict();

const stepSchema = z
  .object({
    step_name: z.string().trim().min(1).max(100),
    step_order: z.number().int().min(0).max(100_000),
    message: z.string().max(5_000).default(''),
    message_type: z.enum(['text', 'buttons', 'api_fetch', 'whatsapp_flow', 'transfer']),
    input_type: z.enum(inputTypes).optional(),
    buttons: buttonList.optional(),
    store_as: variableName.optional(),
    retry_message: z.string().min(1).max(5_000).optional(),
    max_retries: z.number().int().min(0).max(10).default(2),
    on_max_retries: z.enum(['end', 'transfer']).default('end'),
    api_config: apiConfigSchema.optional(),
    form_config: z.object({ fields: z.array(formFieldSchema).min(1).max(20) }).strict().optional(),
    transfer_config: z
      .object({ team_id: z.string().min(1).max(100).optional(), notes: z.string().max(5_000).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    const need = (field: keyof typeof step, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    switch (step.message_type) {
      case 'buttons':
        if (!step.buttons?.length) need('buttons', 'a buttons step needs 1 to 10 buttons');
        if (step.input_type && step.input_type !== 'select') need('input_type', 'a buttons step takes input_type "select"');
        break;
      case 'text':
        if (step.input_type === 'select') need('input_type', 'input_type "select" needs a buttons step with buttons');
        break;
      case 'api_fetch':
        if (!step.api_config) need('api_config', 'an api_fetch step needs api_config {url, ...}');
        break;
      case 'whatsapp_flow':
        if (!step.form_config) need('form_config', 'a whatsapp_flow step needs form_config {fields: [...]}');
        break;
      case 'transfer':
        break;
    }
    if (step.message_type !== 'text' && step.message_type !== 'buttons' && step.input_type && step.input_type !== 'none') {
      need('input_type', `a ${step.message_type} step takes no input_type`);
    }
    if (step.message_type === 'transfer' && !step.message.trim()) need('message', 'a transfer step says something first');
  });

const panelConfigSchema = z
  .object({
    sections: z
      .array(
        z
          .object({
            id: z.string().min(1).max(100),
            label: z.string().min(1).max(200),
            columns: z.union([z.literal(1), z.literal(2)]).default(1),
            collapsible: z.boolean().default(false),
            default_collapsed: z.boolean().default(false),
            order: z.number().int().default(0),
            fields: z
              .array(
                z
                  .object({
                    key: z.string().min(1).max(100),
                    label: z.string().min(1).max(200),
                    order: z.number().int().default(0),
                    display_type: z.enum(['text', 'badge', 'tag']).default('text'),
                    color: z.enum(['default', 'success', 'warning', 'error', 'info']).optional(),
                  })
                  .strict(),
              )
              .max(50),
          })
          .strict(),
      )
      .max(20),
  })
  .strict();

export const flowSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    trigger_keywords: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    initial_message: z.string().max(5_000).optional(),
    completion_message: z.string().max(5_000).optional(),
    enabled: z.boolean().default(true),
    panel_config: panelConfigSchema.optional(),
    steps: z.array(stepSchema).min(1, 'a flow needs at least one step').max(50),
  })
  .strict()
  .superRefine((flow, ctx) => {
    const names = new Set<string>();
    flow.steps.forEach((step, i) => {
      if (names.has(step.step_name)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'step_name'], message: `step_name "${step.step_name}" is used twice` });
      names.add(step.step_name);
    });
    flow.steps.forEach((step, i) => {
      const target = step.api_config?.error_step;
      if (step.api_config?.on_error === 'goto' && (!target || !names.has(target))) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'api_config', 'error_step'], message: 'on_error "goto" needs the step_name of a step of this flow' });
      }
    });
  });

export type FlowInput = z.input<typeof flowSchema>;
export type PanelConfig = z.output<typeof panelConfigSchema>;

/** A flow as stored: validated, defaults filled, button ids given, steps in order. */
export type FlowBody = Omit<Flow, 'id'> & { panel_config?: PanelConfig };

export function parseFlow(input: unknown): FlowBody {
  const f = flowSchema.parse(input);
  const steps = [...f.steps]
    .sort((a, b) => a.step_order - b.step_order)
    .map((s) => {
      const { buttons, input_type, ...rest } = s;
      const defaultInput = s.message_type === 'buttons' ? 'select' : s.message_type === 'text' && s.store_as ? 'text' : 'none';
      return { ...rest, input_type: input_type ?? defaultInput, ...(buttons ? { buttons: withButtonIds(buttons) } : {}) };
    });
  return { ...f, steps } as FlowBody;
}
