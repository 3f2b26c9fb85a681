import { describe, expect, it } from 'vitest';
import { BOT_ACTION_NAMES } from '../../shared/index.js';
import { INTERNAL_ACTIONS } from '../state/action-kinds.js';
import { ACTION_VIEWS } from './action-views.js';

// Keeps the renderer map and the protocol in sync (the type checker does too; this holds at
// run time): every action has a decision, and the map holds nothing the protocol does not know.
describe('ACTION_VIEWS', () => {
  it('has an entry for every bot action of the protocol, and nothing else', () => {
    for (const name of BOT_ACTION_NAMES) expect(ACTION_VIEWS, name).toHaveProperty(name);
    expect(Object.keys(ACTION_VIEWS).sort()).toEqual([...BOT_ACTION_NAMES].sort());
  });

  it('renders every action but the internal ones', () => {
    for (const name of BOT_ACTION_NAMES) {
      expect(ACTION_VIEWS[name] === null, name).toBe(INTERNAL_ACTIONS.has(name));
    }
  });
});
