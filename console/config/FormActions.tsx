import type { Draft } from './use-draft.js';

/** Save and cancel under a form, with the server's answer: what is wrong, or that it is saved. */
export function FormActions<T>({ draft, label = 'Save' }: { draft: Draft<T>; label?: string }) {
  const { problem, dirty, saving, done } = draft;
  return (
    <div class="form-actions">
      {problem && (
        <p class="form-error" role="alert">
          {problem.path ? `${problem.path}: ${problem.message}` : problem.message}
        </p>
      )}
      {done && !dirty && (
        <p class="form-done" role="status">
          Saved.
        </p>
      )}
      {dirty && !problem && <p class="form-unsaved">Unsaved changes</p>}
      <div class="form-buttons">
        <button type="button" class="button" disabled={!dirty || saving} onClick={draft.cancel}>
          Cancel
        </button>
        <button type="submit" class="button primary" disabled={!dirty || saving}>
          {saving ? 'Saving…' : label}
        </button>
      </div>
    </div>
  );
}
