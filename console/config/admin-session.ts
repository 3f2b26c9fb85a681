import { configApi, type ConfigApi } from './config-api.js';
import type { BotInfo } from './types.js';

/** Where a bot admin token signed in to this console is kept (as the agent token is: a reload stays signed in). */
export const ADMIN_TOKEN_KEY = 'confab.console.admin-token';

export interface AdminSession {
  api: ConfigApi;
  bot: BotInfo;
}

export const adminApi = (server: string, token: string) => configApi({ server, headers: { Authorization: `Bearer ${token}` } });

/** The token checked against the server: the bot it is for, or what is wrong. */
export async function openAdminSession(server: string, token: string): Promise<{ session: AdminSession; error?: undefined } | { session?: undefined; error: string }> {
  const trimmed = token.trim();
  if (!trimmed) return { error: 'Paste the bot admin token.' };
  const api = adminApi(server, trimmed);
  const { data, error } = await api.get<BotInfo>('/bot');
  if (error) return { error: error.status === 401 ? 'This bot admin token is not valid.' : error.message };
  return { session: { api, bot: data } };
}
