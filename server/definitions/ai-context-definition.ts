import { z } from 'zod';

/** AI contexts of seed 000: extra knowledge for AI answers on given topics (the prompt's knowledge, and the answers' sources). */
export const aiContextSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    trigger_keywords: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    context_type: z.enum(['static', 'api']),
    content: z.string().max(50_000).default(''),
    api_config: z
      .object({
        url: z.url({ protocol: /^https?$/ }).max(2_000),
        method: z.enum(['GET', 'POST']).default('GET'),
        headers: z.record(z.string().min(1).max(100), z.string().max(2_000)).default({}),
        timeout_ms: z.number().int().min(100).max(30_000).default(5_000),
      })
      .strict()
      .optional(),
    /** Follow-up questions offered after an answer that used this context (002 follow-up prompts). */
    follow_ups: z.array(z.string().trim().min(1).max(200)).max(3).default([]),
    /** A page the answer may link as its source. */
    source_url: z.url({ protocol: /^https?$/ }).max(2_000).optional(),
    priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.context_type === 'static' && !c.content.trim()) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: 'a static context needs content' });
    }
    if (c.context_type === 'api' && !c.api_config) {
      ctx.addIssue({ code: 'custom', path: ['api_config'], message: 'an api context needs api_config {url, method?, headers?}' });
    }
  });

export type AiContextBody = z.output<typeof aiContextSchema>;
