/**
 * confab/vue: <ConfabWidget bot-key=… server=… /> mounts the widget (confab/widget) while the
 * component is mounted and emits its events (ready with the widget, open, close, message,
 * unread). It renders nothing where it stands. Vue is a peer dependency, never bundled.
 */
import { defineComponent, onBeforeUnmount, onMounted, watch } from 'vue';
import type { MessageRecord } from '../../shared/index.js';
import { mountForComponent, OPTION_KEYS, optionsKey, pickOptions } from './component-options.js';
import type { MountOptions, Widget } from './widget.js';

export type { MountOptions, Widget } from './widget.js';

const emits = {
  ready: (widget: Widget) => Boolean(widget),
  open: () => true,
  close: () => true,
  message: (message: MessageRecord) => Boolean(message),
  unread: (count: number) => typeof count === 'number',
};

/** A change of any option remounts the widget (it reads its options once, as the script tag does). */
export const ConfabWidget = defineComponent(
  (props: MountOptions, { emit }) => {
    let widget: Widget | undefined;
    const start = (): void => {
      widget?.unmount();
      widget = mountForComponent(pickOptions(props), (event, argument) => (emit as (event: string, arg: unknown) => void)(event, argument));
    };
    onMounted(start);
    watch(
      () => optionsKey(pickOptions(props)),
      () => widget && start(),
    );
    onBeforeUnmount(() => {
      widget?.unmount();
      widget = undefined;
    });
    return () => null;
  },
  { name: 'ConfabWidget', props: [...OPTION_KEYS], emits },
);
