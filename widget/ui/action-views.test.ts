import { describe, expect, it } from 'vitest';
import { ACTION_ROLES, BOT_ACTION_NAMES, type ActionRole, type BotAction } from '../../shared/index.js';
import { ACTION_VIEWS, viewFor } from './action-views.js';
import { FallbackMessage } from './FallbackMessage.js';
import { SystemLine } from './SystemLine.js';

/** How each role shows; typed by ActionRole, so a new role fails here until it is decided. */
const SHOWN_AS: Record<ActionRole, 'own view' | 'system line' | 'nothing'> = {
  say: 'own view',
  choice: 'own view',
  link: 'own view',
  media: 'own view',
  navigate: 'own view',
  forward: 'system line',
  abort: 'system line',
  end: 'system line',
  internal: 'nothing',
  timing: 'nothing',
};

const decisionOf = (name: string): (typeof SHOWN_AS)[ActionRole] | 'fallback' => {
  const view = viewFor({ name, payload: {} } as unknown as BotAction);
  return view === null ? 'nothing' : view === SystemLine ? 'system line' : view === FallbackMessage ? 'fallback' : 'own view';
};

// Keeps the renderer map and the protocol in sync (the type checker does too; this holds at
// run time): every action has a decision by its role, and the map holds nothing the protocol
// does not know.
describe('ACTION_VIEWS', () => {
  it('has an entry for every bot action with a view of its own, and nothing else', () => {
    const viewed = BOT_ACTION_NAMES.filter((name) => SHOWN_AS[ACTION_ROLES[name]] === 'own view');
    for (const name of viewed) expect(ACTION_VIEWS, name).toHaveProperty(name);
    expect(Object.keys(ACTION_VIEWS).sort()).toEqual([...viewed].sort());
  });

  it('decides for every role: its own view, one system line or nothing', () => {
    for (const name of BOT_ACTION_NAMES) expect(decisionOf(name), name).toBe(SHOWN_AS[ACTION_ROLES[name]]);
    // Every role has actions, so every line of SHOWN_AS is checked above.
    expect(new Set(Object.values(ACTION_ROLES))).toEqual(new Set(Object.keys(SHOWN_AS)));
  });

  it('shows a name this widget does not know yet through its text', () => {
    expect(decisionOf('poll')).toBe('fallback');
    expect(decisionOf('toString')).toBe('fallback');
  });
});
