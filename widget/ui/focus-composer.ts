/** Focus to the composer, or to "Start a new conversation" in its place, after the next render. */
export function focusComposer(root: ParentNode): void {
  requestAnimationFrame(() => root.querySelector<HTMLElement>('textarea, .new-conversation')?.focus());
}
