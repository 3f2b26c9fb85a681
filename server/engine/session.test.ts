import { describe, expect, it } from 'vitest';
import { emptySession, handOverSession, leaveFlow, resumeSession, withVariable } from './session.js';
import type { Session } from './types.js';

const inFlow: Session = { variables: { name: 'Ada' }, flow: { flow_id: 'f', step: 's', retries: 1 } };

describe('session changes', () => {
  it('hands over: the flow is left, its variables stay, the bot is silent', () => {
    expect(handOverSession(inFlow)).toEqual({ variables: { name: 'Ada' }, handover: true });
  });

  it('resumes: the bot speaks again, nothing else changes', () => {
    expect(resumeSession(handOverSession(inFlow))).toEqual({ variables: { name: 'Ada' } });
    expect(resumeSession(emptySession())).toEqual(emptySession());
  });

  it('leaves a flow and keeps a hand-over', () => {
    expect(leaveFlow({ ...inFlow, handover: true })).toEqual({ variables: { name: 'Ada' }, handover: true });
  });

  it('sets a variable without touching the session it was given', () => {
    const next = withVariable(inFlow, 'persona', 'Max');
    expect(next.variables).toEqual({ name: 'Ada', persona: 'Max' });
    expect(inFlow.variables).toEqual({ name: 'Ada' });
    expect(next.flow).toBe(inFlow.flow);
  });
});
