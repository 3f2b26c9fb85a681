/**
 * Markdown that is still being written. A streamed answer is rendered on every update, so
 * its finished blocks (everything before the last blank line outside a code fence) are split
 * off to be rendered once, and only the unfinished tail is rendered again; the tail's open
 * syntax is closed or dropped first, so half a code fence, link or bold never shows raw.
 */

const FENCE = /^\s{0,3}(```|~~~)/;

/** Splits at the last blank line outside a code fence: `stable` does not change as text is added. */
export function splitStable(text: string): { stable: string; tail: string } {
  let inFence = false;
  let cut = 0;
  let at = 0;
  const lines = text.split('\n');
  // The last line is still being written: it never counts as blank.
  for (const line of lines.slice(0, -1)) {
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence && line.trim() === '' && at > 0) cut = at;
    at += line.length + 1;
  }
  return { stable: text.slice(0, cut), tail: text.slice(cut) };
}

/** The tail as markdown that renders sensibly now: open fences and emphasis closed, half links shown as their text. */
export function closeOpenSyntax(tail: string): string {
  const lines = tail.split('\n');
  const fences = lines.filter((l) => FENCE.test(l)).length;
  if (fences % 2 === 1) return `${tail}\n${lines.find((l) => FENCE.test(l))!.trim().slice(0, 3)}`;
  let text = tail
    // [label](http://partial → label; [label → label
    .replace(/!?\[([^\]]*)\]\([^)]*$/, '$1')
    .replace(/!?\[([^\]]*)$/, '$1')
    // A marker just begun ("**", "_") at the very end says nothing yet.
    .replace(/(\*{1,3}|_{1,3}|~~|`)$/, '');
  for (const mark of ['**', '__', '~~']) {
    if (text.split(mark).length % 2 === 0) text += mark;
  }
  const singles = text.replace(/\*\*|__/g, '');
  if ((singles.match(/(^|[^\\])\*/g)?.length ?? 0) % 2 === 1 && !/^\s*\*\s/m.test(singles)) text += '*';
  if ((text.match(/`/g)?.length ?? 0) % 2 === 1) text += '`';
  return text;
}
