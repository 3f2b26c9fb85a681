import type { BotAction } from '../../shared/index.js';
import { isWithinBusinessHours } from './business-hours.js';
import { textMessage } from './choices.js';
import { handOverSession } from './session.js';
import type { EngineResult, EngineSettings, Session, TransferRequest } from './types.js';
import type { Clock } from '../lib/clock.js';

/** The visible forward: to a team's queue, or to anyone (the general queue). */
export function forwardAction(teamId: string | null): BotAction {
  return teamId ? { name: 'forward_group', payload: { group_id: teamId } } : { name: 'forward_any', payload: {} };
}

/**
 * Hands the conversation to people: says so (or, outside business hours, that the team is
 * away — the transfer still waits in its queue), forwards, and silences the bot.
 */
export function transfer(
  settings: EngineSettings,
  session: Session,
  actions: BotAction[],
  clock: Clock,
  opts: { request: TransferRequest; said?: string },
): EngineResult {
  const open = !settings.business_hours_enabled || isWithinBusinessHours(settings.business_hours, clock.now());
  const said = opts.said?.trim() ? opts.said : open ? settings.transfer_message : undefined;
  if (said) actions.push(textMessage(said));
  if (!open) actions.push(textMessage(settings.out_of_hours_message));
  actions.push(forwardAction(opts.request.team_id));
  return { actions, session: handOverSession(session), transfer: opts.request };
}
