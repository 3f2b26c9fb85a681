/**
 * "(2) Page title" while the page is hidden and messages are unread. The page may change
 * its own title meanwhile (single-page apps do): whatever it set becomes the new base, and
 * clearing restores the base only if the title is still the one shown here.
 */
export interface TabTitle {
  show(count: number): void;
  clear(): void;
}

export function createTabTitle(doc: Pick<Document, 'title'> = document): TabTitle {
  let base = '';
  let shown: string | null = null;
  return {
    show(count) {
      if (doc.title !== shown) base = doc.title;
      shown = `(${count}) ${base}`;
      doc.title = shown;
    },
    clear() {
      if (shown !== null && doc.title === shown) doc.title = base;
      shown = null;
    },
  };
}
