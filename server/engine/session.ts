import type { Session } from './types.js';

/**
 * The changes of a conversation's session, in one place. Handing over is the one rule for
 * "the bot falls silent": the engine, the bot router, delivery and the service all call
 * handOverSession, and only resumeSession lets the bot speak again.
 */

export function emptySession(): Session {
  return { variables: {} };
}

/** The flow the visitor was in is left; its variables stay, and which flow it was. */
export function leaveFlow(session: Session): Session {
  const { flow, ...rest } = session;
  return flow ? { ...rest, last_flow_id: flow.flow_id } : rest;
}

/** People take the conversation: the flow is left and no bot speaks until it is resumed. */
export function handOverSession(session: Session): Session {
  return { ...leaveFlow(session), handover: true };
}

/** The bot answers again (a transfer resumed, the thread's mode set back to AI). */
export function resumeSession(session: Session): Session {
  const { handover: _handover, ...rest } = session;
  return rest;
}

export function withVariable(session: Session, name: string, value: string): Session {
  return { ...session, variables: { ...session.variables, [name]: value } };
}
