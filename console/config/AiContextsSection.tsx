import type { ConfigApi } from './config-api.js';
import { CollectionSection } from './CollectionSection.js';
import { Checkbox, errorAt, LinesInput, NumberInput, PairsInput, Select, stringLines, TextInput } from './fields.js';
import type { AiContext } from './types.js';

const blank = (): AiContext => ({ name: '', trigger_keywords: [], context_type: 'static', content: '', follow_ups: [], priority: 0, enabled: true });

/** AI contexts: what AI answers know (static text, or fetched from an API), with their follow-ups and source. */
export function AiContextsSection({ api }: { api: ConfigApi }) {
  return (
    <CollectionSection<AiContext>
      api={api}
      path="/ai-contexts"
      title="AI contexts"
      noun="AI context"
      blank={blank}
      label={(c) => `${c.name}${c.enabled ? '' : ' (off)'}`}
      editor={(draft, problem) => {
        const c = draft.value!;
        const set = (change: Partial<AiContext>) => draft.update((d) => ({ ...d, ...change }));
        const err = (path: string) => errorAt(problem, path);
        const apiConfig = c.api_config ?? { url: '', method: 'GET' as const };
        return (
          <>
            <TextInput id="context-name" label="Name" value={c.name} error={err('name')} onChange={(name) => set({ name })} />
            <LinesInput id="context-triggers" label="Topics (trigger keywords)" hint="One a line; none: always considered." value={c.trigger_keywords} error={err('trigger_keywords')} onChange={(trigger_keywords) => set({ trigger_keywords })} {...stringLines} />
            <Select
              id="context-type"
              label="Kind"
              value={c.context_type}
              options={[
                { value: 'static', label: 'Text written here' },
                { value: 'api', label: 'Fetched from an API' },
              ]}
              onChange={(context_type) => draft.update((d) => {
                const { api_config: _old, ...rest } = d;
                return context_type === 'api' ? { ...rest, context_type, api_config: apiConfig } : { ...rest, context_type };
              })}
            />
            {c.context_type === 'static' ? (
              <TextInput id="context-content" label="Content" rows={8} value={c.content} error={err('content')} onChange={(content) => set({ content })} />
            ) : (
              <>
                <TextInput id="context-url" label="API URL" type="url" value={apiConfig.url} error={err('api_config.url')} onChange={(url) => set({ api_config: { ...apiConfig, url } })} />
                <Select id="context-method" label="Method" value={apiConfig.method ?? 'GET'} options={[{ value: 'GET', label: 'GET' }, { value: 'POST', label: 'POST' }]} onChange={(method) => set({ api_config: { ...apiConfig, method } })} />
                <PairsInput id="context-headers" label="Headers" value={apiConfig.headers ?? {}} error={err('api_config.headers')} onChange={(headers) => set({ api_config: { ...apiConfig, headers } })} />
              </>
            )}
            <LinesInput id="context-follow-ups" label="Follow-up questions" hint="Up to 3, one a line." value={c.follow_ups} error={err('follow_ups')} onChange={(follow_ups) => set({ follow_ups })} {...stringLines} />
            <TextInput id="context-source" label="Source page URL" type="url" value={c.source_url ?? ''} error={err('source_url')} onChange={(v) => set({ source_url: v || undefined })} />
            <NumberInput id="context-priority" label="Priority" value={c.priority} error={err('priority')} onChange={(priority) => set({ priority: priority ?? 0 })} />
            <Checkbox id="context-enabled" label="Enabled" checked={c.enabled} onChange={(enabled) => set({ enabled })} />
          </>
        );
      }}
    />
  );
}
