import type { ConfigApi } from './config-api.js';
import { CollectionSection } from './CollectionSection.js';
import { errorAt, TextInput, withOptional } from './fields.js';
import type { CustomContent, Link } from './types.js';

/** What a new conversation shows before its first message: links (help pages, status page) and markdown blocks. */
export function ContentSection({ api }: { api: ConfigApi }) {
  return (
    <div>
      <CollectionSection<Link>
        api={api}
        path="/links"
        settingsList="links"
        title="Links"
        noun="link"
        blank={() => ({ title: '', url: '' })}
        label={(l) => l.title}
        editor={(draft, problem) => {
          const l = draft.value!;
          const err = (path: string) => errorAt(problem, path);
          return (
            <>
              <TextInput id="link-title" label="Title" value={l.title} error={err('title')} onChange={(title) => draft.update((d) => ({ ...d, title }))} />
              <TextInput id="link-url" label="URL" type="url" value={l.url} error={err('url')} onChange={(url) => draft.update((d) => ({ ...d, url }))} />
              <TextInput id="link-icon" label="Icon URL (https, optional)" type="url" value={l.icon ?? ''} error={err('icon')} onChange={(v) => draft.update((d) => withOptional(d, 'icon', v))} />
            </>
          );
        }}
      />
      <CollectionSection<CustomContent>
        api={api}
        path="/custom-content"
        settingsList="custom_content"
        title="Content blocks"
        noun="content block"
        blank={() => ({ body: '' })}
        label={(c) => c.title ?? c.body.slice(0, 40)}
        editor={(draft, problem) => {
          const c = draft.value!;
          const err = (path: string) => errorAt(problem, path);
          return (
            <>
              <TextInput id="content-title" label="Title (optional)" value={c.title ?? ''} error={err('title')} onChange={(v) => draft.update((d) => withOptional(d, 'title', v))} />
              <TextInput id="content-body" label="Text (markdown)" rows={6} value={c.body} error={err('body')} onChange={(body) => draft.update((d) => ({ ...d, body }))} />
            </>
          );
        }}
      />
    </div>
  );
}
