/** One budget: at most `points` in a window of `seconds` (the window starts with the first point). */
export interface Rate {
  points: number;
  seconds: number;
}

/**
 * Whose budget a point is taken from. Narrowest first: a request is counted against its
 * visitor (or agent, or cid) before its address, and its address before its bot, so that one refused
 * by its own visitor's budget costs the neighbours on its address nothing.
 */
export const LIMIT_KEYS = ['visitor', 'agent', 'cid', 'ip', 'bot'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

export interface LimitRule {
  /** What is counted, for the refusal's words: "too many messages". */
  counts: string;
  /** Where it is counted: the README's limits table names these doors. */
  door: string;
  budgets: Partial<Record<LimitKey, Rate>>;
}

const MINUTE = 60;
const DAY = 86_400;
const MiB = 1024 * 1024;
const perMinute = (points: number): Rate => ({ points, seconds: MINUTE });

/**
 * The one table of limits: every door a visitor, a bot or an admin token can knock on, and
 * the budgets per visitor, per address and per bot. Per-address budgets are ten times a
 * visitor's, so that a household or an office behind one address is not one visitor; per-bot
 * budgets stop a crowd of addresses from flooding one bot (and its owner's AI bill). Each
 * entry can be changed with CONFAB_LIMITS (`message.ip=600/60`, `files.ip=off`).
 */
export const LIMITS = {
  'visitor-create': { counts: 'new visitors', door: 'POST /api/widget/visitors', budgets: { ip: perMinute(20), bot: perMinute(1_000) } },
  connect: { counts: 'connections', door: 'Socket.IO handshake', budgets: { ip: perMinute(120) } },
  open: { counts: 'conversation:open requests', door: 'conversation:open', budgets: { visitor: perMinute(60), ip: perMinute(600) } },
  'conversation-start': {
    counts: 'new conversations',
    door: 'conversation:open that starts one, 001 POST /conversations, 002 POST threads',
    budgets: { visitor: perMinute(10), ip: perMinute(100), bot: perMinute(1_000) },
  },
  message: {
    counts: 'messages',
    door: 'visitor:event (message, click, media), 001 POST /conversation/{id}/messages',
    budgets: { visitor: perMinute(30), ip: perMinute(300), bot: perMinute(6_000) },
  },
  react: { counts: 'reactions', door: 'message:react', budgets: { visitor: perMinute(20), ip: perMinute(200) } },
  identify: { counts: 'identify calls', door: 'visitor:identify', budgets: { visitor: perMinute(10), ip: perMinute(100) } },
  persona: { counts: 'persona choices', door: 'persona:select', budgets: { visitor: perMinute(10), ip: perMinute(100) } },
  read: { counts: 'read marks', door: 'conversation:read', budgets: { visitor: perMinute(120), ip: perMinute(1_200) } },
  typing: { counts: 'typing signals', door: 'visitor:typing', budgets: { visitor: perMinute(120), ip: perMinute(1_200) } },
  stop: { counts: 'stop requests', door: 'answer:stop', budgets: { visitor: perMinute(30), ip: perMinute(300) } },
  upload: { counts: 'uploads', door: 'POST /api/widget/uploads', budgets: { visitor: perMinute(10), ip: perMinute(60) } },
  'upload-bytes': {
    counts: 'bytes of uploads',
    door: 'POST /api/widget/uploads (the stored files’ sizes)',
    budgets: { visitor: { points: 50 * MiB, seconds: DAY }, ip: { points: 500 * MiB, seconds: DAY } },
  },
  'widget-config': { counts: 'config requests', door: 'GET /api/widget/config', budgets: { ip: perMinute(300) } },
  files: { counts: 'file downloads', door: 'GET /uploads/{file}', budgets: { ip: perMinute(600) } },
  'bot-api': { counts: 'requests', door: 'POST /api/chatbot/v1/events (003: 20 a minute per cid)', budgets: { cid: perMinute(20), bot: perMinute(600) } },
  admin: { counts: 'requests', door: '/api/chatbot/* (000), per admin token', budgets: { bot: perMinute(600) } },
  api: { counts: 'requests', door: '/api/v1/* (001 API channel, 002 threads), per admin token', budgets: { bot: perMinute(3_000) } },
  'console-connect': { counts: 'console connections', door: 'Socket.IO handshake on /agents (the console)', budgets: { ip: perMinute(60) } },
  'console-event': { counts: 'console events', door: 'every event of the /agents namespace', budgets: { agent: perMinute(600), ip: perMinute(3_000) } },
  'bad-token': {
    counts: 'requests with a wrong token',
    door: 'admin token, API key, owner session (000, 001, 002, /api/console), owner password, SECURITY-TOKEN (bot API URL)',
    budgets: { ip: perMinute(30) },
  },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;
export type LimitTable = Record<LimitName, LimitRule>;

/** One entry's change: a new budget, or "off" (not counted by that key). */
export type LimitOverrides = Partial<Record<`${LimitName}.${LimitKey}`, Rate | 'off'>>;

const isLimitName = (name: string): name is LimitName => Object.hasOwn(LIMITS, name);
const isLimitKey = (key: string): key is LimitKey => (LIMIT_KEYS as readonly string[]).includes(key);

/** The table with the overrides applied. */
export function limitTable(overrides: LimitOverrides = {}): LimitTable {
  const table = Object.fromEntries(
    Object.entries(LIMITS).map(([name, rule]) => [name, { ...rule, budgets: { ...rule.budgets } as LimitRule['budgets'] }]),
  ) as LimitTable;
  for (const [entry, rate] of Object.entries(overrides)) {
    const [name, key] = entry.split('.') as [LimitName, LimitKey];
    if (rate === 'off') delete table[name].budgets[key];
    else if (rate) table[name].budgets[key] = rate;
  }
  return table;
}

/**
 * CONFAB_LIMITS: comma-separated `name.key=points/seconds` or `name.key=off`, e.g.
 * `message.ip=600/60,visitor-create.ip=100/60,files.ip=off`. Returns the overrides, or the
 * first problem in words.
 */
export function parseLimitOverrides(text: string): LimitOverrides | string {
  const overrides: LimitOverrides = {};
  for (const item of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const match = /^([a-z-]+)\.([a-z]+)=(?:(off)|(\d+)\/(\d+))$/.exec(item);
    if (!match) return `"${item}": write name.key=points/seconds or name.key=off (e.g. message.ip=600/60)`;
    const [, name, key, off, points, seconds] = match as unknown as [string, string, string, string | undefined, string, string];
    if (!isLimitName(name)) return `"${item}": no limit named "${name}" (one of ${Object.keys(LIMITS).join(', ')})`;
    if (!isLimitKey(key)) return `"${item}": "${key}" is not a key (one of ${LIMIT_KEYS.join(', ')})`;
    if (!off && (Number(points) < 1 || Number(seconds) < 1)) return `"${item}": points and seconds are at least 1`;
    overrides[`${name}.${key}`] = off ? 'off' : { points: Number(points), seconds: Number(seconds) };
  }
  return overrides;
}
