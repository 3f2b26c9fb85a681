import { useState } from 'preact/hooks';
import type { ConfigApi } from './config-api.js';
import { REGISTRATION_FIELDS, type RegistrationField } from '../../shared/socket-events.js';
import { ButtonsInput, Checkbox, ChoicesInput, errorAt, LinesInput, NumberInput, PairsInput, Select, stringLines, TextInput } from './fields.js';
import { FormActions } from './FormActions.js';
import { useSettingsDraft } from './settings-save.js';
import type { Settings } from './types.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const PROVIDERS = [
  { value: '', label: 'None' },
  { value: 'openai', label: 'OpenAI' },
  { value: 'anthropic', label: 'Anthropic' },
  { value: 'openai-compatible', label: 'OpenAI-compatible server' },
  { value: 'ollama', label: 'Ollama' },
  { value: 'google', label: 'Google' },
  { value: 'mistral', label: 'Mistral' },
  { value: 'extractive', label: 'Extractive (offline, from the AI contexts)' },
];

const MODES = [
  { value: 'firewall', label: 'Firewall: the bot answers first, people on hand-over' },
  { value: 'backup', label: 'Backup: people first, the bot when none is free' },
  { value: 'service_time', label: 'Service time: the bot outside business hours' },
  { value: 'human', label: 'Human: people only' },
] as const;

const REGISTRATION_LABELS: Record<RegistrationField, string> = { name: 'Name', email: 'Email', phone: 'Phone' };
const REGISTRATION_CHOICES = REGISTRATION_FIELDS.map((value) => ({ value, label: REGISTRATION_LABELS[value] }));

/** "09:00-12:00, 13:00-17:00" ⇄ the day's ranges. */
const formatRanges = (ranges: Array<{ start: string; end: string }> = []) => ranges.map((r) => `${r.start}-${r.end}`).join(', ');
const parseRanges = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-').map((t) => t.trim());
      return { start, end };
    });

export interface SettingsSectionProps {
  api: ConfigApi;
  settings: Settings;
  onSaved: (settings: Settings) => void;
}

/** Greeting and fallback, AI answers, hand-over, business hours, registration, behaviour and timeouts, the webhook bot. */
export function SettingsSection({ api, settings, onSaved }: SettingsSectionProps) {
  const draft = useSettingsDraft('settings', api, settings, onSaved);
  const s = draft.value!;
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => draft.update((d) => ({ ...d, [key]: value }));
  const err = (path: string) => errorAt(draft.problem, path);

  return (
    <form
      noValidate
      class="config-form"
      aria-labelledby="settings-title"
      onSubmit={(e) => {
        e.preventDefault();
        void draft.save();
      }}
    >
      <h2 id="settings-title">Settings</h2>
      <fieldset>
        <legend>Greeting and fallback</legend>
        <Checkbox id="chatbot_enabled" label="The bot answers" checked={s.chatbot_enabled} onChange={(v) => set('chatbot_enabled', v)} />
        <TextInput id="greeting_message" label="Greeting" rows={3} value={s.greeting_message} error={err('greeting_message')} onChange={(v) => set('greeting_message', v)} />
        <ButtonsInput id="greeting_buttons" label="Greeting buttons" value={s.greeting_buttons} error={err('greeting_buttons')} onChange={(v) => set('greeting_buttons', v)} />
        <TextInput id="fallback_message" label="Fallback message" hint="Said when nothing else answers." rows={2} value={s.fallback_message} error={err('fallback_message')} onChange={(v) => set('fallback_message', v)} />
        <ButtonsInput id="fallback_buttons" label="Fallback buttons" value={s.fallback_buttons} error={err('fallback_buttons')} onChange={(v) => set('fallback_buttons', v)} />
      </fieldset>

      <fieldset>
        <legend>AI answers</legend>
        <Checkbox id="ai_enabled" label="Answer with AI when no rule or flow matches" checked={s.ai_enabled} onChange={(v) => set('ai_enabled', v)} />
        <Select id="ai_provider" label="Provider" value={s.ai_provider ?? ''} options={PROVIDERS} error={err('ai_provider')} onChange={(v) => set('ai_provider', v || null)} />
        <TextInput id="ai_model" label="Model" value={s.ai_model ?? ''} error={err('ai_model')} onChange={(v) => set('ai_model', v || null)} />
        <TextInput id="ai_base_url" label="API base URL" type="url" hint="Needed for an OpenAI-compatible server." value={s.ai_base_url ?? ''} error={err('ai_base_url')} onChange={(v) => set('ai_base_url', v || null)} />
        <TextInput
          id="ai_api_key"
          label="API key"
          type="password"
          hint={s.ai_api_key_set ? 'A key is stored (never shown). Type a new one to replace it.' : 'No key stored.'}
          value={typeof s.ai_api_key === 'string' ? s.ai_api_key : ''}
          error={err('ai_api_key')}
          onChange={(v) => draft.update((d) => {
            const { ai_api_key: _old, ...rest } = d;
            return (v ? { ...rest, ai_api_key: v } : rest) as Settings;
          })}
        />
        <div class="field-row">
          <NumberInput id="ai_temperature" label="Temperature" step={0.1} value={s.ai_temperature} error={err('ai_temperature')} onChange={(v) => set('ai_temperature', v ?? 0)} />
          <NumberInput id="ai_max_tokens" label="Max tokens" value={s.ai_max_tokens} error={err('ai_max_tokens')} onChange={(v) => set('ai_max_tokens', v ?? 0)} />
        </div>
        <TextInput id="system_prompt" label="System prompt" rows={4} value={s.system_prompt} error={err('system_prompt')} onChange={(v) => set('system_prompt', v)} />
        <Checkbox id="ai_follow_ups_enabled" label="Suggest follow-up questions" checked={s.ai_follow_ups_enabled} onChange={(v) => set('ai_follow_ups_enabled', v)} />
      </fieldset>

      <fieldset>
        <legend>Hand-over to people</legend>
        <LinesInput id="transfer_keywords" label="Transfer keywords" hint="One a line: a message with one of them goes to a person." value={s.transfer_keywords} error={err('transfer_keywords')} onChange={(v) => set('transfer_keywords', v)} {...stringLines} />
        <TextInput id="transfer_message" label="Transfer message" value={s.transfer_message} error={err('transfer_message')} onChange={(v) => set('transfer_message', v)} />
      </fieldset>

      <fieldset>
        <legend>Business hours</legend>
        <Checkbox id="business_hours_enabled" label="Use business hours" checked={s.business_hours_enabled} onChange={(v) => set('business_hours_enabled', v)} />
        <TextInput id="bh_timezone" label="Time zone" hint="An IANA time zone such as Europe/Berlin." value={s.business_hours.timezone} error={err('business_hours.timezone')} onChange={(v) => set('business_hours', { ...s.business_hours, timezone: v })} />
        <div class="days">
          {DAYS.map((day) => (
            <TextInput
              key={day}
              id={`bh_${day}`}
              label={day[0]!.toUpperCase() + day.slice(1)}
              placeholder="closed"
              value={formatRanges(s.business_hours.days[day])}
              error={err(`business_hours.days.${day}`)}
              onChange={(v) => {
                const days = { ...s.business_hours.days };
                const ranges = parseRanges(v);
                if (ranges.length) days[day] = ranges;
                else delete days[day];
                set('business_hours', { ...s.business_hours, days });
              }}
            />
          ))}
        </div>
        <p class="field-hint">Times as 09:00-17:00, several separated by commas; empty is closed.</p>
        <TextInput id="out_of_hours_message" label="Out-of-hours message" rows={2} value={s.out_of_hours_message} error={err('out_of_hours_message')} onChange={(v) => set('out_of_hours_message', v)} />
      </fieldset>

      <fieldset>
        <legend>Registration</legend>
        <Checkbox
          id="registration_enabled"
          label="Ask who the visitor is before a conversation starts"
          hint="The widget shows a card asking these fields, each required, before the first message."
          checked={s.registration_enabled}
          onChange={(v) => set('registration_enabled', v)}
        />
        <ChoicesInput
          id="registration_fields"
          label="Fields to ask"
          value={s.registration_fields}
          options={REGISTRATION_CHOICES}
          error={err('registration_fields')}
          onChange={(v) => set('registration_fields', v)}
        />
      </fieldset>

      <fieldset>
        <legend>Behaviour and timeouts</legend>
        <Select id="behavior_mode" label="Behaviour mode" value={s.behavior_mode} options={MODES} onChange={(v) => set('behavior_mode', v)} />
        <NumberInput id="chat_slots" label="Chat slots" hint="Conversations the bot holds at once." value={s.chat_slots} error={err('chat_slots')} onChange={(v) => set('chat_slots', v ?? 0)} />
        <div class="field-row">
          <NumberInput
            id="timeout_seconds"
            label="Idle timeout (seconds)"
            hint="Empty: conversations never time out."
            value={s.conversation_timeout?.seconds ?? null}
            error={err('conversation_timeout')}
            onChange={(v) => set('conversation_timeout', v === null ? null : { seconds: v, action: s.conversation_timeout?.action ?? 'end' })}
          />
          <Select
            id="timeout_action"
            label="Then"
            value={s.conversation_timeout?.action ?? 'end'}
            options={[
              { value: 'end', label: 'End the conversation' },
              { value: 'unassign', label: 'Unassign the agent' },
              { value: 'forward', label: 'Forward to people' },
            ]}
            onChange={(v) => set('conversation_timeout', { seconds: s.conversation_timeout?.seconds ?? 900, action: v })}
          />
        </div>
        <NumberInput id="ai_timeout_ms" label="AI answer timeout (ms)" value={s.ai_timeout_ms} error={err('ai_timeout_ms')} onChange={(v) => set('ai_timeout_ms', v ?? 0)} />
      </fieldset>

      <fieldset>
        <legend>Your own bot (webhooks)</legend>
        <Select
          id="bot_type"
          label="Who answers"
          value={s.bot_type}
          options={[
            { value: 'builtin', label: 'The built-in bot' },
            { value: 'webhook', label: 'My bot, over webhooks' },
          ]}
          onChange={(v) => set('bot_type', v)}
        />
        <TextInput id="webhook_url" label="Webhook URL" type="url" value={s.webhook_url ?? ''} error={err('webhook_url')} onChange={(v) => set('webhook_url', v || null)} />
        <PairsInput id="webhook_headers" label="Headers" hint="Name: value, one a line (a token your bot checks, say)." value={s.webhook_headers} error={err('webhook_headers')} onChange={(v) => set('webhook_headers', v)} />
        <div class="field-row">
          <NumberInput id="webhook_timeout_ms" label="Timeout (ms)" value={s.webhook_timeout_ms} error={err('webhook_timeout_ms')} onChange={(v) => set('webhook_timeout_ms', v ?? 0)} />
          <NumberInput id="webhook_retries" label="Retries" value={s.webhook_retries} error={err('webhook_retries')} onChange={(v) => set('webhook_retries', v ?? 0)} />
        </div>
        <WebhookTest api={api} unsaved={draft.dirty} />
      </fieldset>
      <FormActions draft={draft} />
    </form>
  );
}

interface WebhookTestResult {
  ok: boolean;
  http_status: number | null;
  latency_ms: number;
  error?: string;
}

function WebhookTest({ api, unsaved }: { api: ConfigApi; unsaved: boolean }) {
  const [result, setResult] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  return (
    <div class="try-row">
      <button
        type="button"
        class="button"
        disabled={sending}
        onClick={async () => {
          setSending(true);
          const { data, error } = await api.send<WebhookTestResult>('POST', '/settings/webhook-test');
          setSending(false);
          if (error) return setResult(error.message);
          setResult(data.ok ? `Your bot answered ${data.http_status} in ${data.latency_ms} ms.` : `It did not work: ${data.error} (after ${data.latency_ms} ms).`);
        }}
      >
        {sending ? 'Sending…' : 'Send test event'}
      </button>
      <p class="field-hint" role="status">
        {result ?? (unsaved ? 'The test uses the saved settings: save first.' : 'Sends a ping packet to the saved webhook URL.')}
      </p>
    </div>
  );
}
