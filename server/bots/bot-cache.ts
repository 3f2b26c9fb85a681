import type { BotConfig } from '../engine/types.js';
import type { Bot, Store } from '../store/index.js';

interface Entry {
  expires: number;
  bot: Promise<Bot | undefined>;
  config?: Promise<BotConfig | undefined>;
}

/**
 * A bot's settings, rules and flows, read once and kept for a moment: every visitor message
 * needs them, and they change rarely. The configuration API invalidates a bot on every write,
 * so one server never serves stale settings; with several servers the TTL bounds how long
 * another node may (2 s by default).
 */
export function createBotCache(store: Store, ttlMs = 2_000) {
  const entries = new Map<string, Entry>();

  function entry(botId: string): Entry {
    const now = Date.now();
    let e = entries.get(botId);
    if (!e || e.expires < now) {
      e = { expires: now + ttlMs, bot: store.bots.findById(botId) };
      // A failed read is not cached.
      e.bot.catch(() => entries.delete(botId));
      if (entries.size > 1_000) entries.clear();
      entries.set(botId, e);
    }
    return e;
  }

  return {
    bot: (botId: string): Promise<Bot | undefined> => entry(botId).bot,

    /** What the built-in engine needs: settings, keyword rules and flows. */
    config(botId: string): Promise<BotConfig | undefined> {
      const e = entry(botId);
      e.config ??= e.bot.then(async (bot) => {
        if (!bot) return undefined;
        const [rules, flows] = await Promise.all([store.bots.keywordRules(bot.id), store.flows.list(bot.id)]);
        return { settings: bot.settings, rules, flows: flows.map((f) => ({ id: f.id, ...f.body })) };
      });
      e.config.catch(() => entries.delete(botId));
      return e.config;
    },

    invalidate(botId: string): void {
      entries.delete(botId);
    },
  };
}

export type BotCache = ReturnType<typeof createBotCache>;
