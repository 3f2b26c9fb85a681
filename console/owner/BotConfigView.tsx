import type { FunctionComponent } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { BotConfigProps } from '../config/BotConfig.js';
import { configApi } from '../config/config-api.js';
import type { BotSectionProps } from './bot-section.js';
import { ownerSession } from './owner-session.js';

/**
 * A bot's configuration for its owner: the same views as a bot admin token gets, calling
 * /api/chatbot with the owner's session and the bot in X-Confab-Bot. Loaded when first shown.
 */
export function BotConfigView({ bot, server }: BotSectionProps) {
  const token = ownerSession.value?.token ?? '';
  const api = useMemo(() => configApi({ server, headers: { Authorization: `Bearer ${token}`, 'X-Confab-Bot': bot.id } }), [server, token, bot.id]);
  const [View, setView] = useState<FunctionComponent<BotConfigProps> | null>(null);
  useEffect(() => void import('../config/BotConfig.js').then((m) => setView(() => m.BotConfig)), []);
  if (!View) return <p class="owner-loading">Loading the configuration…</p>;
  return <View key={bot.id} api={api} botKey={bot.key} server={server} />;
}
