import type { ConfigApi } from './config-api.js';
import { CollectionSection } from './CollectionSection.js';
import { Checkbox, errorAt, TextInput } from './fields.js';
import { PromptFields } from './PromptsSection.js';
import type { AiPrompt, FollowUpPrompt } from './types.js';

/** The chips offered after a bot answer that has none of its own, and the named system prompts of AI answers. */
export function FollowUpsSection({ api }: { api: ConfigApi }) {
  return (
    <div>
      <CollectionSection<FollowUpPrompt>
        api={api}
        path="/follow-up-prompts"
        settingsList="follow_up_prompts"
        title="Follow-up prompts"
        noun="follow-up prompt"
        blank={() => ({ title: '', description: null, link: null })}
        label={(p) => p.title}
        editor={(draft, problem) => (
          <PromptFields id="follow-up" prompt={draft.value!} error={(field) => errorAt(problem, field)} onChange={(change) => draft.update((d) => ({ ...d, ...change }))} />
        )}
      />
      <CollectionSection<AiPrompt>
        api={api}
        path="/prompts"
        settingsList="prompts"
        title="AI prompts"
        noun="AI prompt"
        blank={() => ({ name: '', system_prompt: '', active: false })}
        label={(p) => `${p.name}${p.active ? ' (active)' : ''}`}
        editor={(draft, problem) => {
          const p = draft.value!;
          const set = (change: Partial<AiPrompt>) => draft.update((d) => ({ ...d, ...change }));
          const err = (path: string) => errorAt(problem, path);
          return (
            <>
              <TextInput id="ai-prompt-name" label="Name" value={p.name} error={err('name')} onChange={(name) => set({ name })} />
              <TextInput id="ai-prompt-text" label="System prompt" rows={8} value={p.system_prompt} error={err('system_prompt')} onChange={(system_prompt) => set({ system_prompt })} />
              <Checkbox id="ai-prompt-active" label="Active" hint="AI answers use it instead of the settings' system prompt; at most one is active." checked={p.active} onChange={(active) => set({ active })} />
              {/* The list's own limit: a save that would make a second one active is refused for the whole list. */}
              {problem?.path === 'prompts' && <p class="field-error">{problem.message}</p>}
            </>
          );
        }}
      />
    </div>
  );
}
