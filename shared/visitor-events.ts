import type { MediaType } from './actions.js';

/** What a visitor sends: the incoming events of seed 003 (start, message, click, media). */

export interface VisitorEventPayloads {
  start: { body?: string };
  /** `form`: an inline form's answers by field name (the widget; replyTo names the form's message). */
  message: { body: string; form?: Record<string, string> };
  /** An option of a choice message; the widget also names the message it answers. */
  click: { value: { id: string; label: string } };
  media: { link: string; type: MediaType; name: string; size: number };
}

export type VisitorEventName = keyof VisitorEventPayloads;

export type VisitorEvent = {
  [N in VisitorEventName]: { name: N; payload: VisitorEventPayloads[N] };
}[VisitorEventName];

export type VisitorEventOf<N extends VisitorEventName> = Extract<VisitorEvent, { name: N }>;

/**
 * The words of a visitor event: a message's or start's body, a click's label. A media event
 * carries a file, not words (undefined); each view decides what to show for it.
 */
export function visitorWords(event: VisitorEvent): string | undefined {
  switch (event.name) {
    case 'message':
      return event.payload.body;
    case 'click':
      return event.payload.value.label;
    case 'start':
      return event.payload.body;
    case 'media':
      return undefined;
  }
}
