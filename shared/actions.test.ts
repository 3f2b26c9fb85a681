import { describe, expect, it } from 'vitest';
import { ACTION_ROLES, actionWords, BOT_ACTION_NAMES, CHOICE_ACTION_NAMES, hasRole, type BotAction } from './index.js';

describe('the action roles', () => {
  it('give every action exactly one role, and name no action that does not exist', () => {
    expect(Object.keys(ACTION_ROLES).sort()).toEqual([...BOT_ACTION_NAMES].sort());
  });

  it('agree with the list of choice actions', () => {
    expect(BOT_ACTION_NAMES.filter((n) => ACTION_ROLES[n] === 'choice')).toEqual([...CHOICE_ACTION_NAMES]);
  });

  it('know nothing of an action a newer bot may send', () => {
    expect(hasRole({ name: 'hologram', payload: {} } as unknown as BotAction, 'say', 'internal')).toBe(false);
  });

  it('give words to what the visitor reads, and none to system lines, internal and timing actions', () => {
    const wordless = BOT_ACTION_NAMES.filter((name) => ['forward', 'abort', 'end', 'internal', 'timing'].includes(ACTION_ROLES[name]));
    for (const name of wordless) expect(actionWords({ name, payload: { body: 'x' } } as BotAction), name).toBeUndefined();
  });
});
