import type { Draft } from './use-draft.js';

/**
 * Save and cancel under a form, with the server's answer: what is wrong, or that it is saved.
 * With nothing to save the buttons are aria-disabled, not disabled: a disabled button loses
 * the focus, so the keyboard user who just pressed Save would be left on the page's body.
 * The draft itself refuses a save or a cancel with nothing to do.
 */
export function FormActions<T>({ draft, label = 'Save' }: { draft: Draft<T>; label?: string }) {
  const { problem, dirty, saving, done } = draft;
  const idle = !dirty || saving;
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
        <button type="button" class="button" aria-disabled={idle} onClick={draft.cancel}>
          Cancel
        </button>
        <button type="submit" class="button primary" aria-disabled={idle}>
          {saving ? 'Saving…' : label}
        </button>
      </div>
    </div>
  );
}
