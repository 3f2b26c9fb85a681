import { effect } from '@preact/signals-core';
import { attentionCount } from '../rules/inbox.js';
import type { ConsoleState } from '../state/console-state.js';

export const CONSOLE_TITLE = 'Confab console';

/** "(2) Confab console": waiting chats plus unread visitor messages in mine, while signed in. */
export function watchTabTitle(state: ConsoleState, doc: Pick<Document, 'title'> = document): () => void {
  return effect(() => {
    const count = attentionCount(state.lists.value);
    doc.title = count > 0 ? `(${count}) ${CONSOLE_TITLE}` : CONSOLE_TITLE;
  });
}

/**
 * A short two-note chime made with WebAudio: no audio file to fetch. Browsers start audio only
 * after the page was used (the sign-in click, a key), so a beep before that stays silent.
 */
export function createBeep(): () => void {
  let context: AudioContext | undefined;
  return () => {
    try {
      context ??= new AudioContext();
      if (context.state === 'suspended') void context.resume();
      const start = context.currentTime;
      for (const [offset, frequency] of [
        [0, 880],
        [0.12, 1320],
      ] as const) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.3);
      }
    } catch {
      // No WebAudio (or no sound device): the tab title still counts.
    }
  };
}
