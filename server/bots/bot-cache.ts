import type { BotConfig } from '../engine/types.js';
import type { Cluster } from '../lib/cluster/index.js';
import type { Bot, Store } from '../store/index.js';

interface Entry {
  expires: number;
  bot: Promise<Bot | undefined>;
  config?: Promise<BotConfig | undefined>;
}

/**
 * A bot's settings, rules and flows, read once and kept for a moment: every visitor message
 * needs them, and they change rarely. The configuration API invalidates a bot on every write,
 * and the invalidation goes to every node over the cluster's channel, so no node serves stale
 * settings; the TTL (2 s by default) bounds it if that news is lost (Redis restarting).
 */
export function createBotCache(store: Store, ttlMs = 2_000, cluster?: Cluster) {
  const entries = new Map<string, Entry>();
  /** Each bot as last read, until it is invalidated (the TTL does not end it): see known(). */
  const lastRead = new Map<string, Bot | undefined>();
  const forget = (botId: string) => {
    entries.delete(botId);
    lastRead.delete(botId);
  };
  const CHANNEL = 'bot-cache:invalidate';
  void cluster?.subscribe(CHANNEL, forget);

  function entry(botId: string): Entry {
    const now = Date.now();
    let e = entries.get(botId);
    if (!e || e.expires < now) {
      e = { expires: now + ttlMs, bot: store.bots.findById(botId) };
      // A failed read is not cached.
      const read = e;
      e.bot.then(
        (bot) => entries.get(botId) === read && lastRead.set(botId, bot),
        () => entries.delete(botId),
      );
      if (entries.size > 1_000) entries.clear();
      if (lastRead.size > 1_000) lastRead.clear();
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

    /**
     * The bot as last read, at once (no wait): for a decision that must be taken in order,
     * before the next await. Undefined when it was not read since its last change was heard;
     * a read past the TTL is started for the next call.
     */
    known(botId: string): { bot: Bot | undefined } | undefined {
      entry(botId);
      return lastRead.has(botId) ? { bot: lastRead.get(botId) } : undefined;
    },

    /** This node forgets the bot now; the others as soon as the news reaches them. */
    invalidate(botId: string): void {
      forget(botId);
      void cluster?.publish(CHANNEL, botId).catch(() => undefined);
    },
  };
}

export type BotCache = ReturnType<typeof createBotCache>;
