/**
 * Fixtures for the engine's table tests. Only tests import this file; it holds data and
 * builders, no test runner, so it compiles with the engine like any other module.
 */
import type { BotAction } from '../../shared/index.js';
import type { Clock } from '../lib/clock.js';
import type { BusinessHours, EngineInput, EngineSettings, FlowStep } from './types.js';

/** A Monday, 10:00 UTC: inside the usual business hours. */
export const MONDAY_10_UTC = '2026-01-05T10:00:00Z';

/** A clock that always says this instant. */
export function fixedClock(iso: string = MONDAY_10_UTC): Clock {
  return { now: () => new Date(iso) };
}

/** Open on Mondays 09:00–17:00 in Berlin (08:00–16:00 UTC in January), closed otherwise. */
export const BERLIN_MONDAYS: BusinessHours = { timezone: 'Europe/Berlin', days: { monday: [{ start: '09:00', end: '17:00' }] } };

/** The bot's settings with short, recognisable texts: enabled, no buttons, no transfer keywords, no business hours. */
export function engineSettings(overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    chatbot_enabled: true,
    ai_enabled: false,
    greeting_message: 'Hi',
    greeting_buttons: [],
    fallback_message: 'Sorry?',
    fallback_buttons: [],
    transfer_keywords: [],
    transfer_message: 'Connecting you…',
    business_hours_enabled: false,
    business_hours: { timezone: 'UTC', days: {} },
    out_of_hours_message: 'We are away.',
    ...overrides,
  };
}

/** A flow step that waits for nothing and ends after one retry, but for what the test names. */
export function step(overrides: Partial<FlowStep> & Pick<FlowStep, 'step_name' | 'message_type'>): FlowStep {
  return { step_order: 0, message: '', input_type: 'none', max_retries: 1, on_max_retries: 'end', ...overrides };
}

/** The visitor types this. */
export const say = (body: string): EngineInput => ({ name: 'message', payload: { body } });

/** What the actions say, one text each: the body, or the action's name when it has none. */
export const bodies = (actions: BotAction[]) => actions.map((a) => ('body' in a.payload ? (a.payload as { body?: string }).body : a.name));
