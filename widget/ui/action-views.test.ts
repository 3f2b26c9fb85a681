import { describe, expect, it } from 'vitest';
import { BOT_ACTION_NAMES } from '../../shared/index.js';
import { ACTION_VIEWS } from './action-views.js';

// Keeps the renderer map and the protocol in sync: every action has a decision, and the
// map holds nothing the protocol does not know.
describe('ACTION_VIEWS', () => {
  it('covers exactly the bot actions of the protocol', () => {
    expect(Object.keys(ACTION_VIEWS).sort()).toEqual([...BOT_ACTION_NAMES].sort());
  });
});
