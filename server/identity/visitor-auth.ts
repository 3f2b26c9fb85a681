import { AppError } from '../lib/errors.js';
import type { Store } from '../store/index.js';
import { verifyVisitorToken } from './visitor-token.js';

/** Who is asking: a visitor of a bot, as proven by their token. */
export interface VisitorPrincipal {
  botId: string;
  visitorId: string;
}

/** A bot key and a visitor token → who is asking; an unknown bot or a bad token is refused. */
export async function authenticateVisitor(store: Store, secret: string, botKey: string, token: string): Promise<VisitorPrincipal> {
  const bot = await store.bots.findByKey(botKey);
  if (!bot) throw new AppError('unknown_bot', `no bot with key "${botKey}"`);
  const visitorId = verifyVisitorToken(secret, bot.id, token);
  // A visitor proven to be an older contact acts as that contact, with the token it has.
  const visitor = visitorId ? await store.visitors.current(visitorId) : undefined;
  if (!visitor || visitor.botId !== bot.id) throw new AppError('invalid_token', 'the visitor token is not valid');
  return { botId: bot.id, visitorId: visitor.id };
}
