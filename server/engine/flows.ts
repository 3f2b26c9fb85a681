import type { BotAction } from '../../shared/index.js';
import { checkAnswer, inputText, promptFor } from './answers.js';
import { messageWithButtons, textMessage } from './choices.js';
import { buildRequest } from './request-template.js';
import { fillTemplate, valueAtPath } from './template.js';
import { leaveFlow, withVariable } from './session.js';
import { transfer } from './transfer.js';
import type { BotConfig, ConfigButton, EngineInput, EngineResult, Flow, FlowStep, Session } from './types.js';
import type { Clock } from '../lib/clock.js';

interface FlowContext {
  config: BotConfig;
  clock: Clock;
}

const GAVE_UP = "Sorry, that didn't work out. Let's leave it there — you can ask me anything else.";

function say(actions: BotAction[], text: string | undefined, variables: Record<string, string>, buttons?: FlowStep['buttons']) {
  if (text && text.trim() !== '') actions.push(messageWithButtons(fillTemplate(text, variables), buttons));
}

/**
 * One field's question. The first carries the whole form (Confab's `form` on the message): the
 * widget shows it as one inline form answered at once; other clients answer field by field.
 */
function askField(step: FlowStep, index: number): BotAction {
  const fields = step.form_config!.fields;
  const field = fields[index]!;
  const action = textMessage(field.required ? field.label : `${field.label} (optional — type "skip" to leave it out)`);
  if (index !== 0 || action.name !== 'message') return action;
  return { name: 'message', payload: { ...action.payload, form: { fields: fields.map(({ name, label, type, required }) => ({ name, label, type, required })) } } };
}

/** An inline form's answers, all checked: the values to store, or the first field that is wrong and why. */
function checkForm(step: FlowStep, answers: Record<string, string>): { ok: true; values: Array<[string, string]> } | { ok: false; prompt: string } {
  const values: Array<[string, string]> = [];
  for (const field of step.form_config!.fields) {
    const text = (answers[field.name] ?? '').trim();
    if (!field.required && text === '') {
      values.push([field.name, '']);
      continue;
    }
    const check = checkAnswer(field.type, text);
    if (!check.ok) return { ok: false, prompt: `${field.label}: ${check.prompt}` };
    values.push([field.name, check.value]);
  }
  return { ok: true, values };
}

/**
 * Enters the steps of a flow from `index` on: says each step's message, goes straight on
 * through steps that wait for nothing, and stops at the first that waits for an answer, an
 * API call or a transfer. Past the last step, the completion message ends the flow.
 */
function runFrom(ctx: FlowContext, flow: Flow, index: number, session: Session, actions: BotAction[], unbuildable: ReadonlySet<string> = new Set()): EngineResult {
  for (let i = index; i < flow.steps.length; i++) {
    const step = flow.steps[i]!;
    const here: Session = { ...session, flow: { flow_id: flow.id, step: step.step_name, retries: 0 } };
    const vars = session.variables;
    switch (step.message_type) {
      case 'transfer': {
        const cfg = step.transfer_config ?? {};
        return transfer(ctx.config.settings, leaveFlow(session), actions, ctx.clock, {
          said: fillTemplate(step.message, vars),
          request: { team_id: cfg.team_id ?? null, notes: fillTemplate(cfg.notes ?? '', vars), source: 'flow' },
        });
      }
      case 'api_fetch':
        return callApi(ctx, flow, i, here, actions, unbuildable);
      case 'whatsapp_flow':
        say(actions, step.message, vars);
        if (!step.form_config?.fields.length) continue;
        actions.push(askField(step, 0));
        return { actions, session: { ...here, flow: { ...here.flow!, field: 0 } } };
      case 'buttons':
        say(actions, step.message, vars, step.buttons);
        return { actions, session: here };
      case 'text':
        say(actions, step.message, vars);
        if (step.input_type === 'none') continue;
        return { actions, session: here };
    }
  }
  say(actions, flow.completion_message, session.variables);
  return { actions, session: leaveFlow(session) };
}

export function startFlow(ctx: FlowContext, flow: Flow, session: Session): EngineResult {
  const actions: BotAction[] = [];
  say(actions, flow.initial_message, session.variables);
  return runFrom(ctx, flow, 0, session, actions);
}

/** The option a visitor chose: a click on one, its label typed, or its number (003 text fallback). */
function chosenButton(step: FlowStep, input: EngineInput): ConfigButton | undefined {
  const buttons = step.buttons ?? [];
  if (input.name === 'click') return buttons.find((b) => b.id === input.payload.value.id);
  if (input.name !== 'message') return undefined;
  const text = input.payload.body.trim().toLowerCase();
  const byNumber = /^\d{1,2}$/.test(text) ? buttons[Number(text) - 1] : undefined;
  return byNumber ?? buttons.find((b) => b.title.toLowerCase() === text);
}

/** An invalid answer: ask again, or after too many tries end politely or transfer. */
function retry(ctx: FlowContext, flow: Flow, step: FlowStep, session: Session, prompt: string, ask?: BotAction): EngineResult {
  const position = session.flow!;
  if (position.retries + 1 > step.max_retries) {
    if (step.on_max_retries === 'transfer') {
      const notes = `Flow "${flow.name}" could not continue at step "${step.step_name}".`;
      return transfer(ctx.config.settings, leaveFlow(session), [], ctx.clock, {
        request: { team_id: null, notes, source: 'flow' },
      });
    }
    return { actions: [textMessage(GAVE_UP)], session: leaveFlow(session) };
  }
  const actions = [textMessage(step.retry_message ? fillTemplate(step.retry_message, session.variables) : prompt)];
  if (ask) actions.push(ask);
  return { actions, session: { ...session, flow: { ...position, retries: position.retries + 1 } } };
}

function store(session: Session, name: string | undefined, value: string): Session {
  return name ? withVariable(session, name, value) : session;
}

/**
 * The call of the api_fetch step at `index`, for the runner to make. A call its templates
 * cannot build safely (request-template.ts) fails like a call that went wrong; should its
 * error path lead back to a call that cannot be built either, the flow ends.
 */
function callApi(ctx: FlowContext, flow: Flow, index: number, session: Session, actions: BotAction[], unbuildable: ReadonlySet<string> = new Set()): EngineResult {
  const step = flow.steps[index]!;
  const request = buildRequest(step.api_config!, session.variables);
  if (request.ok) return { actions, session, fetch: request.value };
  if (unbuildable.has(step.step_name)) return { actions, session: leaveFlow(session) };
  return apiFailed(ctx, flow, index, session, actions, request.error, new Set([...unbuildable, step.step_name]));
}

/** A failed call of the api_fetch step at `index`: its error message, then its on_error path. */
function apiFailed(
  ctx: FlowContext,
  flow: Flow,
  index: number,
  session: Session,
  said: BotAction[],
  error: string,
  unbuildable: ReadonlySet<string> = new Set(),
): EngineResult {
  const api = flow.steps[index]!.api_config!;
  const actions = [...said, textMessage(fillTemplate(api.error_message, session.variables))];
  switch (api.on_error) {
    case 'continue':
      return runFrom(ctx, flow, index + 1, session, actions, unbuildable);
    case 'goto': {
      const target = flow.steps.findIndex((s) => s.step_name === api.error_step);
      return target >= 0 ? runFrom(ctx, flow, target, session, actions, unbuildable) : { actions, session: leaveFlow(session) };
    }
    case 'transfer':
      return transfer(ctx.config.settings, leaveFlow(session), actions, ctx.clock, {
        request: { team_id: null, notes: `API call of flow "${flow.name}" failed: ${error}`, source: 'flow' },
      });
    case 'end':
      return { actions, session: leaveFlow(session) };
  }
}

/**
 * The visitor's answer (or an API result) for the step the flow waits at. Undefined when
 * the flow no longer exists or is disabled: the conversation then goes on without it.
 */
export function continueFlow(ctx: FlowContext, session: Session, input: EngineInput): EngineResult | undefined {
  const position = session.flow!;
  const flow = ctx.config.flows.find((f) => f.id === position.flow_id && f.enabled);
  const index = flow?.steps.findIndex((s) => s.step_name === position.step) ?? -1;
  if (!flow || index < 0) return undefined;
  const step = flow.steps[index]!;
  const next = (s: Session) => runFrom(ctx, flow, index + 1, s, []);

  if (step.message_type === 'api_fetch') {
    // The runner makes the call in the same turn; a visitor message arriving at this step
    // (after a crash mid-call) simply asks for the call again.
    if (input.name !== 'api_result') return callApi(ctx, flow, index, session, []);
    const api = step.api_config!;
    if (input.payload.ok) {
      let s = session;
      for (const [name, path] of Object.entries(api.response_mapping)) s = store(s, name, valueAtPath(input.payload.data, path) ?? '');
      const actions: BotAction[] = [];
      say(actions, step.message, s.variables);
      return runFrom(ctx, flow, index + 1, s, actions);
    }
    return apiFailed(ctx, flow, index, session, [], input.payload.error);
  }
  if (input.name === 'api_result' || input.name === 'start') return { actions: [], session };

  if (step.message_type === 'whatsapp_flow') {
    const fields = step.form_config!.fields;
    if (input.name === 'message' && input.payload.form) {
      const form = checkForm(step, input.payload.form);
      if (!form.ok) return retry(ctx, flow, step, session, form.prompt, askField(step, 0));
      return next(form.values.reduce((s, [name, value]) => store(s, name, value), session));
    }
    const fieldIndex = position.field ?? 0;
    const field = fields[fieldIndex]!;
    const text = inputText(input) ?? '';
    let value = '';
    if (field.required || text.trim().toLowerCase() !== 'skip') {
      const check = checkAnswer(field.type, text);
      if (!check.ok) return retry(ctx, flow, step, session, check.prompt, askField(step, fieldIndex));
      value = check.value;
    }
    const s = store(session, field.name, value);
    if (fieldIndex + 1 < fields.length) {
      return { actions: [askField(step, fieldIndex + 1)], session: { ...s, flow: { ...position, retries: 0, field: fieldIndex + 1 } } };
    }
    return next(s);
  }

  if (step.input_type === 'select') {
    const button = chosenButton(step, input);
    if (!button) {
      return retry(ctx, flow, step, session, promptFor('select'), messageWithButtons(fillTemplate(step.message, session.variables), step.buttons));
    }
    return next(store(session, step.store_as, button.title));
  }

  const type = step.input_type === 'none' ? 'text' : step.input_type;
  const check = checkAnswer(type, inputText(input) ?? '');
  if (!check.ok) return retry(ctx, flow, step, session, check.prompt);
  return next(store(session, step.store_as, check.value));
}
