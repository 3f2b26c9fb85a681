import { useEffect, useRef, useState } from 'preact/hooks';
import { embedSnippet, type EmbedOptions } from './embed-attributes.js';

export interface WidgetPreviewProps {
  server: string;
  botKey: string;
  /** The embed attributes to try (unsaved appearance shows here before it is saved). */
  options?: EmbedOptions;
  /** Changing it starts a new visitor: a new conversation, with the greeting as it is now. */
  restart?: number;
  /** Sent as the visitor's first message once the widget runs ("try" a flow by its trigger). */
  say?: string;
  title?: string;
}

type ConfabWindow = Window & { Confab?: { send(text: string): void } };

/**
 * The real widget.js, in a frame of its own (srcdoc: the console's origin and its CSP), as a
 * host page would embed it, open, with a visitor kept in memory only: every restart is a new
 * conversation and nothing of it outlives the preview.
 */
export function WidgetPreview({ server, botKey, options = {}, restart = 0, say, title = 'Live preview of the widget' }: WidgetPreviewProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const tag = embedSnippet(server, botKey, { 'data-open': 'true', ...options, 'data-storage': 'none', 'data-mode': options['data-mode'] === 'fullscreen' ? 'fullscreen' : 'launcher' });
  const wanted = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head><body>${tag}</body></html>`;
  // Typing in a form changes the tag at every key: the frame reloads once the typing pauses.
  const [srcdoc, setSrcdoc] = useState(wanted);
  useEffect(() => {
    const timer = setTimeout(() => setSrcdoc(wanted), 500);
    return () => clearTimeout(timer);
  }, [wanted]);
  useEffect(() => {
    const el = frame.current;
    if (!el || !say) return;
    const send = () => (el.contentWindow as ConfabWindow | null)?.Confab?.send(say);
    el.addEventListener('load', send);
    return () => el.removeEventListener('load', send);
  }, [srcdoc, say, restart]);
  return <iframe key={`${restart}:${say ?? ''}`} ref={frame} class="widget-preview" title={title} srcdoc={srcdoc} />;
}
