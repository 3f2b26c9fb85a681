import type { Context, MiddlewareHandler } from 'hono';
import { originAllowed } from '../lib/allowed-origins.js';
import { originRefusal } from '../lib/errors.js';
import type { Bot } from '../store/index.js';

/**
 * CORS of the widget's routes (the visitor, the bot's look, uploads). A preflight carries no
 * body, so which bot it is for is not known yet (POST /visitors names it in its JSON): it is
 * answered for the page that asks, and the request itself is checked by `admitOrigin`. A
 * response that never got that far (an unknown bot, a malformed request) is readable by any
 * page, as before: it holds nothing but the error.
 */
/** Requests whose CORS headers admitOrigin has set, by their bot's allowed_origins. */
const admitted = new WeakSet<Request>();

export function widgetCors(options: { allowMethods: string[]; allowHeaders: string[] }): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': c.req.header('Origin') || '*',
          'Access-Control-Allow-Methods': options.allowMethods.join(','),
          'Access-Control-Allow-Headers': options.allowHeaders.join(','),
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        },
      });
    }
    await next();
    if (!admitted.has(c.req.raw)) c.res.headers.set('Access-Control-Allow-Origin', '*');
  };
}

/**
 * Lets the request through when the bot allows the page it comes from, answering CORS for
 * that origin only (any, `*`, when the bot lists none); refuses it with 403
 * (`origin_not_allowed`) otherwise. The refusal is readable by the page, so that the widget
 * can say why; it holds nothing but that.
 */
export function admitOrigin(c: Context, bot: Bot, publicUrl: string): void {
  const origin = c.req.header('Origin');
  const entries = bot.settings.allowed_origins;
  admitted.add(c.req.raw);
  if (entries.length === 0) {
    c.header('Access-Control-Allow-Origin', '*');
    return;
  }
  c.header('Vary', 'Origin', { append: true });
  if (origin) c.header('Access-Control-Allow-Origin', origin);
  if (!originAllowed(entries, origin, { publicUrl, host: c.req.header('Host') })) throw originRefusal(origin);
}
