import { describe, expect, it } from 'vitest';
import { emptySession, handOverSession, leaveFlow, resumeSession, withVariable } from './session.js';
import type { Session } from './types.js';

const inFlow: Session = { variables: { name: 'Ada' }, flow: { flow_id: 'f', step: 's', retries: 1 } };

describe('session changes', () => {
  it('hands over: the flow is left, its variables stay, the bot is silent', () => {
    expect(handOverSession(inFlow)).toEqual({ variables: { name: 'Ada' }, last_flow_id: 'f', handover: true });
  });

  it('resumes: the bot speaks again, nothing else changes', () => {
    expect(resumeSession(handOverSession(inFlow))).toEqual({ variables: { name: 'Ada' }, last_flow_id: 'f' });
    expect(resumeSession(emptySession())).toEqual(emptySession());
  });

  it('leaves a flow, remembering which it was (the console lays out its panel), and keeps a hand-over', () => {
    expect(leaveFlow({ ...inFlow, handover: true })).toEqual({ variables: { name: 'Ada' }, last_flow_id: 'f', handover: true });
    expect(leaveFlow(emptySession())).toEqual(emptySession());
  });

  it('sets a variable without touching the session it was given', () => {
    const next = withVariable(inFlow, 'persona', 'Max');
    expect(next.variables).toEqual({ name: 'Ada', persona: 'Max' });
    expect(inFlow.variables).toEqual({ name: 'Ada' });
    expect(next.flow).toBe(inFlow.flow);
  });
});
