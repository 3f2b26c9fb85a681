/** What a visitor sends: the incoming events of seed 003 (start, message, click, media). */

export interface VisitorEventPayloads {
  start: { body?: string };
  message: { body: string };
  /** An option of a choice message; the widget also names the message it answers. */
  click: { value: { id: string; label: string } };
  media: { link: string; type: 'image' | 'video' | 'audio' | 'file'; name: string; size: number };
}

export type VisitorEventName = keyof VisitorEventPayloads;

export type VisitorEvent = {
  [N in VisitorEventName]: { name: N; payload: VisitorEventPayloads[N] };
}[VisitorEventName];

export type VisitorEventOf<N extends VisitorEventName> = Extract<VisitorEvent, { name: N }>;
