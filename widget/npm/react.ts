/**
 * confab/react: <ConfabWidget botKey=… server=… /> mounts the widget (confab/widget) while it
 * is rendered. It draws nothing where it stands: the widget lives in its own element on
 * document.body (or in `target`, inline). React is a peer dependency, never bundled.
 */
import { useEffect, useRef } from 'react';
import type { MessageRecord } from '../../shared/index.js';
import type { ConfabEventName } from '../contract.js';
import { mountForComponent, optionsKey, pickOptions } from './component-options.js';
import type { MountOptions, Widget } from './widget.js';

export type { MountOptions, Widget } from './widget.js';

export type ConfabWidgetProps = MountOptions & {
  /** The panel is loaded and takes commands: the widget, for open(), send() and the rest. */
  onReady?: (widget: Widget) => void;
  onOpen?: () => void;
  onClose?: () => void;
  /** A message that reached the conversation (bot, agent or visitor). */
  onMessage?: (message: MessageRecord) => void;
  onUnread?: (count: number) => void;
};

const HANDLERS = { ready: 'onReady', open: 'onOpen', close: 'onClose', message: 'onMessage', unread: 'onUnread' } as const satisfies Record<ConfabEventName, keyof ConfabWidgetProps>;

/**
 * Mounts on commit and unmounts on removal, so StrictMode's mount, unmount, mount leaves one
 * widget. A change of any option remounts it (the widget reads its options once, as the
 * script tag does); new callbacks are only looked up, never a reason to remount.
 */
export function ConfabWidget(props: ConfabWidgetProps): null {
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const options = pickOptions(props);
  const key = optionsKey(options);
  useEffect(() => {
    const widget = mountForComponent(options, (event, argument) => (latest.current[HANDLERS[event]] as ((arg: unknown) => void) | undefined)?.(argument));
    return () => widget.unmount();
    // The key stands for the options: the same key, the same options.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return null;
}
