import { useState } from 'preact/hooks';
import type { ConfigApi, ConfigProblem } from './config-api.js';
import { CollectionSection } from './CollectionSection.js';
import { ButtonsInput, Checkbox, errorAt, JsonInput, LinesInput, NumberInput, PairsInput, Select, stringLines, TextInput } from './fields.js';
import type { Flow, FlowStep, MessageType } from './types.js';
import type { Draft } from './use-draft.js';
import { WidgetPreview } from './WidgetPreview.js';

const MESSAGE_TYPES: ReadonlyArray<{ value: MessageType; label: string }> = [
  { value: 'text', label: 'Text (optionally asks for an answer)' },
  { value: 'buttons', label: 'Buttons (waits for a choice)' },
  { value: 'api_fetch', label: 'API call (api_fetch)' },
  { value: 'whatsapp_flow', label: 'Form (whatsapp_flow)' },
  { value: 'transfer', label: 'Transfer to people' },
];

const TEXT_INPUTS = ['none', 'text', 'number', 'email', 'phone', 'date'].map((value) => ({ value, label: value }));
const FIELD_TYPES = ['text', 'number', 'email', 'phone', 'date'];

const blank = (): Flow => ({ name: '', trigger_keywords: [], enabled: true, steps: [newStep(1)] });

function newStep(order: number): FlowStep {
  return { step_name: `step-${order}`, step_order: order, message: '', message_type: 'text' };
}

/** The fields a step of one type takes: switching type drops the others (the server refuses them). */
function withType(step: FlowStep, message_type: MessageType): FlowStep {
  const { buttons: _b, input_type: _i, api_config: _a, form_config: _f, transfer_config: _t, store_as: _s, ...rest } = step;
  switch (message_type) {
    case 'buttons':
      return { ...rest, message_type, buttons: step.buttons ?? [{ title: 'Yes' }, { title: 'No' }], ...(step.store_as ? { store_as: step.store_as } : {}) };
    case 'api_fetch':
      return { ...rest, message_type, api_config: step.api_config ?? { url: 'https://', method: 'GET' } };
    case 'whatsapp_flow':
      return { ...rest, message_type, form_config: step.form_config ?? { fields: [{ name: 'email', label: 'Your email', type: 'email', required: true }] } };
    case 'transfer':
      return { ...rest, message_type, transfer_config: step.transfer_config ?? {} };
    default:
      return { ...rest, message_type, ...(step.store_as ? { store_as: step.store_as } : {}) };
  }
}

export interface FlowsSectionProps {
  api: ConfigApi;
  server: string;
  botKey: string;
}

/** Conversation flows: the steps of every type, the agents' panel layout, checked as typed, and tried in the real widget. */
export function FlowsSection({ api, server, botKey }: FlowsSectionProps) {
  return (
    <CollectionSection<Flow>
      api={api}
      path="/flows"
      title="Flows"
      noun="flow"
      blank={blank}
      label={(f) => `${f.name}${f.enabled ? '' : ' (off)'}`}
      editor={(draft, problem) => <FlowEditor draft={draft} problem={problem} server={server} botKey={botKey} />}
    />
  );
}

function FlowEditor({ draft, problem, server, botKey }: { draft: Draft<Flow>; problem: ConfigProblem | null; server: string; botKey: string }) {
  const f = draft.value!;
  const [trying, setTrying] = useState(0);
  const set = (change: Partial<Flow>) => draft.update((d) => ({ ...d, ...change }));
  const setStep = (i: number, change: (s: FlowStep) => FlowStep) => draft.update((d) => ({ ...d, steps: d.steps.map((s, j) => (j === i ? change(s) : s)) }));
  const err = (path: string) => errorAt(problem, path);
  const move = (i: number, by: number) =>
    draft.update((d) => {
      const steps = [...d.steps];
      const [step] = steps.splice(i, 1);
      steps.splice(i + by, 0, step!);
      return { ...d, steps: steps.map((s, j) => ({ ...s, step_order: j + 1 })) };
    });
  const trigger = f.trigger_keywords[0];

  return (
    <>
      <TextInput id="flow-name" label="Name" value={f.name} error={err('name')} onChange={(name) => set({ name })} />
      <LinesInput id="flow-triggers" label="Trigger keywords" hint="One a line: a message with one of them starts the flow." value={f.trigger_keywords} error={err('trigger_keywords')} onChange={(trigger_keywords) => set({ trigger_keywords })} {...stringLines} />
      <TextInput id="flow-initial" label="Initial message" value={f.initial_message ?? ''} error={err('initial_message')} onChange={(v) => set({ initial_message: v || undefined })} />
      <TextInput id="flow-completion" label="Completion message" value={f.completion_message ?? ''} error={err('completion_message')} onChange={(v) => set({ completion_message: v || undefined })} />
      <Checkbox id="flow-enabled" label="Enabled" checked={f.enabled} onChange={(enabled) => set({ enabled })} />
      {err('steps') && !f.steps.some((_, i) => err(`steps.${i}`)) && (
        <p class="field-error" role="alert">
          {err('steps')}
        </p>
      )}
      <ol class="steps">
        {f.steps.map((step, i) => (
          <li key={i}>
            <StepEditor step={step} index={i} problem={problem} onChange={(change) => setStep(i, change)} />
            <div class="step-tools">
              <button type="button" class="button" disabled={i === 0} onClick={() => move(i, -1)}>
                Move up<span class="visually-hidden"> step {i + 1}</span>
              </button>
              <button type="button" class="button" disabled={i === f.steps.length - 1} onClick={() => move(i, 1)}>
                Move down<span class="visually-hidden"> step {i + 1}</span>
              </button>
              <button type="button" class="button danger" onClick={() => draft.update((d) => ({ ...d, steps: d.steps.filter((_, j) => j !== i) }))}>
                Remove<span class="visually-hidden"> step {i + 1}</span>
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" class="button" onClick={() => draft.update((d) => ({ ...d, steps: [...d.steps, newStep(d.steps.length + 1)] }))}>
        Add a step
      </button>
      <JsonInput
        id="flow-panel"
        label="Agents' panel (panel_config, JSON)"
        hint='{"sections": [{"id", "label", "columns", "fields": [{"key", "label", "display_type"}]}]}: how the flow’s variables show beside the conversation.'
        value={f.panel_config}
        error={err('panel_config')}
        onChange={(panel_config) => draft.update((d) => {
          const { panel_config: _old, ...rest } = d;
          return panel_config === undefined ? rest : { ...rest, panel_config };
        })}
      />
      {f.id && (
        <div class="try-it">
          <button type="button" class="button" disabled={!trigger || draft.dirty} onClick={() => setTrying((n) => n + 1)}>
            Try it in the widget
          </button>
          <p class="field-hint">{draft.dirty ? 'Save first: the preview runs the saved flow.' : trigger ? `Sends “${trigger}” as a new visitor.` : 'Give the flow a trigger keyword to try it.'}</p>
          {trying > 0 && trigger && <WidgetPreview server={server} botKey={botKey} restart={trying} say={trigger} title="Trying the flow in the widget" />}
        </div>
      )}
    </>
  );
}

function StepEditor({ step, index, problem, onChange }: { step: FlowStep; index: number; problem: ConfigProblem | null; onChange: (change: (s: FlowStep) => FlowStep) => void }) {
  const at = `steps.${index}`;
  const id = (name: string) => `step-${index}-${name}`;
  const err = (path: string) => errorAt(problem, `${at}.${path}`);
  const set = (change: Partial<FlowStep>) => onChange((s) => ({ ...s, ...change }));
  const api = step.api_config;
  const setApi = (change: Partial<NonNullable<FlowStep['api_config']>>) => onChange((s) => ({ ...s, api_config: { ...s.api_config!, ...change } }));
  return (
    <fieldset class="step">
      <legend>
        Step {index + 1}: {step.step_name}
      </legend>
      {errorAt(problem, at) && !['step_name', 'message', 'message_type', 'buttons', 'input_type', 'store_as', 'api_config', 'form_config', 'transfer_config', 'retry_message', 'max_retries'].some((f) => err(f)) && (
        <p class="field-error">{errorAt(problem, at)}</p>
      )}
      <div class="field-row">
        <TextInput id={id('name')} label="Step name" value={step.step_name} error={err('step_name')} onChange={(step_name) => set({ step_name })} />
        <Select id={id('type')} label="Type" value={step.message_type} options={MESSAGE_TYPES} error={err('message_type')} onChange={(t) => onChange((s) => withType(s, t))} />
      </div>
      <TextInput id={id('message')} label="Message" rows={2} value={step.message} error={err('message')} onChange={(message) => set({ message })} />
      {step.message_type === 'text' && (
        <Select id={id('input')} label="Waits for" value={step.input_type ?? (step.store_as ? 'text' : 'none')} options={TEXT_INPUTS} error={err('input_type')} onChange={(input_type) => set({ input_type })} />
      )}
      {step.message_type === 'buttons' && <ButtonsInput id={id('buttons')} label="Buttons" value={step.buttons ?? []} error={err('buttons')} onChange={(buttons) => set({ buttons })} />}
      {(step.message_type === 'text' || step.message_type === 'buttons') && (
        <>
          <TextInput id={id('store')} label="Store the answer as" hint="A variable name, used as {{name}} later." value={step.store_as ?? ''} error={err('store_as')} onChange={(v) => onChange((s) => {
            const { store_as: _old, ...rest } = s;
            return v ? { ...rest, store_as: v } : rest;
          })} />
          <div class="field-row">
            <TextInput id={id('retry')} label="Retry message" value={step.retry_message ?? ''} error={err('retry_message')} onChange={(v) => set({ retry_message: v || undefined })} />
            <NumberInput id={id('retries')} label="Max retries" value={step.max_retries ?? 2} error={err('max_retries')} onChange={(v) => set({ max_retries: v ?? 0 })} />
          </div>
        </>
      )}
      {step.message_type === 'api_fetch' && api && (
        <div class="sub-fields">
          <div class="field-row">
            <Select id={id('method')} label="Method" value={(api.method ?? 'GET') as string} options={['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m }))} onChange={(method) => setApi({ method })} />
            <TextInput id={id('url')} label="URL" hint="http(s), or /path on this server; {{variables}} allowed." value={api.url} error={err('api_config.url')} onChange={(url) => setApi({ url })} />
          </div>
          <PairsInput id={id('headers')} label="Headers" value={api.headers ?? {}} error={err('api_config.headers')} onChange={(headers) => setApi({ headers })} />
          <TextInput id={id('body')} label="Body" rows={2} value={api.body ?? ''} error={err('api_config.body')} onChange={(v) => setApi({ body: v || undefined })} />
          <PairsInput id={id('mapping')} label="Response mapping" hint="variable: path.to.field, one a line." value={api.response_mapping ?? {}} error={err('api_config.response_mapping')} onChange={(response_mapping) => setApi({ response_mapping })} />
          <TextInput id={id('error-message')} label="Error message" value={api.error_message ?? ''} error={err('api_config.error_message')} onChange={(v) => setApi({ error_message: v || undefined })} />
          <div class="field-row">
            <Select id={id('on-error')} label="On error" value={api.on_error ?? 'end'} options={['end', 'continue', 'transfer', 'goto'].map((v) => ({ value: v as 'end', label: v }))} onChange={(on_error) => setApi({ on_error })} />
            {api.on_error === 'goto' && <TextInput id={id('error-step')} label="Go to step" value={api.error_step ?? ''} error={err('api_config.error_step')} onChange={(v) => setApi({ error_step: v || undefined })} />}
          </div>
        </div>
      )}
      {step.message_type === 'whatsapp_flow' && (
        <LinesInput
          id={id('form')}
          label="Form fields"
          hint={`name | label | type (${FIELD_TYPES.join(', ')}) | optional, one a line.`}
          rows={4}
          value={step.form_config?.fields ?? []}
          error={err('form_config')}
          format={(f) => [f.name, f.label, f.type ?? 'text', f.required === false ? 'optional' : ''].filter(Boolean).join(' | ')}
          parse={(line) => {
            const [name = '', label = '', type = 'text', optional = ''] = line.split('|').map((p) => p.trim());
            return { name, label, type, required: optional !== 'optional' };
          }}
          onChange={(fields) => set({ form_config: { fields } })}
        />
      )}
      {step.message_type === 'transfer' && (
        <div class="field-row">
          <TextInput id={id('team')} label="Team id" hint="Empty: the general queue." value={step.transfer_config?.team_id ?? ''} error={err('transfer_config.team_id')} onChange={(v) => set({ transfer_config: { ...step.transfer_config, team_id: v || undefined } })} />
          <TextInput id={id('notes')} label="Notes for the agent" value={step.transfer_config?.notes ?? ''} error={err('transfer_config.notes')} onChange={(v) => set({ transfer_config: { ...step.transfer_config, notes: v || undefined } })} />
        </div>
      )}
    </fieldset>
  );
}
