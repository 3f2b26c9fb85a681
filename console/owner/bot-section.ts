import type { BotView, OwnerApi } from './owner-api.js';

/** What each section of a bot's page gets: the owner's client, the bot, the server. */
export interface BotSectionProps {
  api: OwnerApi;
  bot: BotView;
  server: string;
}
