import { useState } from 'preact/hooks';
import type { ConfigApi } from './config-api.js';
import { CollectionSection } from './CollectionSection.js';
import { ButtonsInput, Checkbox, errorAt, LinesInput, NumberInput, Select, stringLines, TextInput } from './fields.js';
import type { KeywordRule, MessageTest } from './types.js';

const MATCH_TYPES = [
  { value: 'contains', label: 'Contains' },
  { value: 'exact', label: 'Is exactly' },
  { value: 'starts_with', label: 'Starts with' },
  { value: 'regex', label: 'Regular expression (RE2)' },
] as const;

const blank = (): KeywordRule => ({ name: '', keywords: [], match_type: 'contains', response_type: 'text', response: '', priority: 0, enabled: true });

/** Keyword rules: what the bot says to a message with one of their keywords, and a tester that says which rule answers a message and why. */
export function KeywordsSection({ api }: { api: ConfigApi }) {
  return (
    <CollectionSection<KeywordRule>
      api={api}
      path="/keywords"
      title="Keyword rules"
      noun="keyword rule"
      blank={blank}
      label={(r) => `${r.name}${r.enabled ? '' : ' (off)'}`}
      aside={() => <MessageTester api={api} />}
      editor={(draft, problem) => {
        const r = draft.value!;
        const set = (change: Partial<KeywordRule>) => draft.update((d) => ({ ...d, ...change }));
        const err = (path: string) => errorAt(problem, path);
        return (
          <>
            <TextInput id="rule-name" label="Name" value={r.name} error={err('name')} onChange={(name) => set({ name })} />
            <LinesInput id="rule-keywords" label="Keywords" hint="One a line." value={r.keywords} error={err('keywords')} onChange={(keywords) => set({ keywords })} {...stringLines} />
            <Select id="rule-match" label="Match" value={r.match_type} options={MATCH_TYPES} error={err('match_type')} onChange={(match_type) => set({ match_type })} />
            <TextInput id="rule-response" label="Response (markdown)" rows={3} value={r.response} error={err('response')} onChange={(response) => set({ response })} />
            <Select
              id="rule-response-type"
              label="Response type"
              value={r.response_type}
              options={[
                { value: 'text', label: 'Text' },
                { value: 'buttons', label: 'Text with buttons' },
              ]}
              onChange={(response_type) => set({ response_type })}
            />
            {r.response_type === 'buttons' && <ButtonsInput id="rule-buttons" label="Buttons" value={r.buttons ?? []} error={err('buttons')} onChange={(buttons) => set({ buttons })} />}
            <NumberInput id="rule-priority" label="Priority" hint="Higher first; equal ones by age." value={r.priority} error={err('priority')} onChange={(priority) => set({ priority: priority ?? 0 })} />
            <Checkbox id="rule-enabled" label="Enabled" checked={r.enabled} onChange={(enabled) => set({ enabled })} />
          </>
        );
      }}
    />
  );
}

const ANSWERED_BY: Record<MessageTest['answered_by'], string> = {
  keyword_rule: 'Keyword rule',
  transfer_keyword: 'Transfer keyword',
  flow: 'Flow',
  ai: 'AI answer',
  fallback: 'Fallback message',
};

/** POST /keywords/test: the engine's own answer to "what would say something to this message?". */
export function MessageTester({ api }: { api: ConfigApi }) {
  const [message, setMessage] = useState('');
  const [result, setResult] = useState<MessageTest | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      class="tester"
      aria-labelledby="tester-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const { data, error } = await api.send<MessageTest>('POST', '/keywords/test', { message });
        setResult(data ?? null);
        setError(error ? error.message : null);
      }}
    >
      <h3 id="tester-title">Test a message</h3>
      <TextInput id="test-message" label="Message" value={message} error={error ?? undefined} onChange={setMessage} />
      <button type="submit" class="button">
        Test
      </button>
      <div role="status" class="tester-result">
        {result && (
          <>
            <p>
              <strong>{ANSWERED_BY[result.answered_by]}</strong>
              {result.rule && `: ${result.rule.name}`}
              {result.flow && `: ${result.flow.name}`}
              {result.match_type && ` (${result.match_type}, keyword “${result.keyword}”)`}
            </p>
            <p class="muted">Why: {result.reason}</p>
          </>
        )}
      </div>
    </form>
  );
}
