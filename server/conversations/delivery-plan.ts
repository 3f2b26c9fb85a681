import { hasRole, type ActionNameOf, type BotAction, type BotActionOf } from '../../shared/index.js';
import type { TransferRequest } from '../engine/types.js';
import type { AgentNeed } from '../lib/presence.js';
import type { MessageDraft, ScheduledContext } from '../store/index.js';

/** An action the server applies and the visitor never sees (contact, conversation, notes, dispatches). */
export type InternalAction = BotActionOf<ActionNameOf<'internal'>>;

/** One thing to do, in order, to deliver a list of bot actions. */
export type DeliveryStep =
  /** Store these messages and publish them. */
  | { kind: 'publish'; drafts: MessageDraft[] }
  | { kind: 'apply'; action: InternalAction }
  /** People take the conversation; the bot falls silent. */
  | { kind: 'handOver'; request: TransferRequest }
  /** A forward with on_failure "feedback" found no agent: the bot hears forward_failed and keeps the conversation. */
  | { kind: 'tellBot'; event: 'forward_failed' }
  /** A delay: show typing until then (unless typing is false); what follows is delivered when due. */
  | { kind: 'wait'; delayMs: number; typing: boolean; rest: BotAction[] }
  | { kind: 'end' };

export type ForwardAction = BotActionOf<ActionNameOf<'forward'>>;

export interface PlanFacts {
  /** Whether an agent could take this forward now (asked before planning, for forwards that want feedback). */
  agentsAvailable: (forward: ForwardAction) => boolean;
}

function forwardRequest(action: ForwardAction, ctx: ScheduledContext, lastNote: string | undefined): TransferRequest {
  const teamId = action.name === 'forward_group' ? action.payload.group_id : (ctx.transfer?.team_id ?? null);
  const skills = action.name === 'forward_skills' ? `Skills needed: ${action.payload.skills.join(', ')}` : undefined;
  const notes = [ctx.transfer?.notes ?? lastNote, skills].filter(Boolean).join('\n');
  return { team_id: teamId, notes, source: ctx.transfer?.source ?? 'bot' };
}

/**
 * The delivery of a list of bot actions as steps, without doing any of them (the engine's
 * pattern, applied to delivery). Visible actions are stored in batches; internal ones are
 * applied where they stand; a forward or abort is shown, then hands over (with the notes of
 * the latest note_create unless the engine gave its own) and ends the bot's say: nothing
 * after it is delivered; a delay holds back everything after it; an end stops everything
 * after it.
 */
export function planDelivery(actions: readonly BotAction[], ctx: ScheduledContext, facts: PlanFacts): DeliveryStep[] {
  const steps: DeliveryStep[] = [];
  let batch: MessageDraft[] = [];
  const flush = () => {
    if (batch.length > 0) steps.push({ kind: 'publish', drafts: batch });
    batch = [];
  };
  let lastNote: string | undefined;

  for (let i = 0; i < actions.length; i++) {
    const action = actions[i]!;
    if (action.name === 'delay') {
      flush();
      steps.push({ kind: 'wait', delayMs: action.payload.duration, typing: action.payload.typing !== false, rest: actions.slice(i + 1) });
      return steps;
    }
    if (hasRole(action, 'internal')) {
      if (action.name === 'note_create') lastNote = action.payload.body;
      steps.push({ kind: 'apply', action });
      continue;
    }
    if (hasRole(action, 'forward')) {
      if (action.payload.on_failure === 'feedback' && !facts.agentsAvailable(action)) {
        flush();
        steps.push({ kind: 'tellBot', event: 'forward_failed' });
        continue;
      }
      batch.push({ author: ctx.author, packet: action });
      flush();
      steps.push({ kind: 'handOver', request: forwardRequest(action, ctx, lastNote) });
      // The bot's session ends with the forward: nothing after it in the list is delivered.
      return steps;
    }
    batch.push({ author: ctx.author, packet: action });
    if (action.name === 'abort') {
      flush();
      steps.push({ kind: 'handOver', request: { team_id: null, notes: lastNote ?? 'The bot stepped out of the conversation.', source: 'bot_abort' } });
      return steps;
    }
    if (action.name === 'end') {
      flush();
      steps.push({ kind: 'end' });
      return steps;
    }
  }
  flush();
  return steps;
}

/** The forwards that want to hear whether an agent took them: planning needs their answers. */
export function forwardsAskingFeedback(actions: readonly BotAction[]): ForwardAction[] {
  return actions.filter((a): a is ForwardAction => hasRole(a, 'forward') && a.payload.on_failure === 'feedback');
}

/** What a forward needs of the agent who takes it. */
export function needOf(forward: ForwardAction): AgentNeed {
  if (forward.name === 'forward_group') return { teamId: forward.payload.group_id };
  if (forward.name === 'forward_skills') return { skills: forward.payload.skills };
  return {};
}
