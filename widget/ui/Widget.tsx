import type { ReadonlySignal } from '@preact/signals-core';
import { useMemo } from 'preact/hooks';
import type { MessageRecord } from '../../shared/index.js';
import type { WidgetOptions } from '../contract.js';
import type { Locale } from '../i18n/locale.js';
import type { ChatActions } from '../state/chat-actions.js';
import type { ChatState } from '../state/chat-state.js';
import { embeddableUrl, linkUrl } from '../rules/safe-url.js';
import { ChatPanel } from './ChatPanel.js';
import { lazyView, Nothing } from './lazy-view.js';
import type { LauncherPreviewProps } from './LauncherPreview.js';
import { PanelContext, type PanelContextValue } from './panel-context.js';
import { useSignalValue } from './use-signal-value.js';

// Only while the chat is closed: the closed widget loads it, the open one never needs it.
const LauncherPreview = lazyView<LauncherPreviewProps>(() => import('./LauncherPreview.js').then((m) => m.LauncherPreview), Nothing);

export interface WidgetProps {
  state: ChatState;
  options: WidgetOptions;
  locale: Locale;
  unread: ReadonlySignal<MessageRecord[]>;
  /** Whether the visitor had a conversation when the page loaded (no greeting preview then). */
  hadConversation: boolean;
  hasLauncher: boolean;
  /** What the visitor can do; the views take it from the panel context. */
  actions: ChatActions;
  onOpen(): void;
  onClose(): void;
  onDismissPreview(key: string): void;
}

/**
 * Everything the panel draws into the shadow root: the chat panel and, beside the closed
 * launcher, the preview bubble. Page options win over the bot's appearance from the server.
 */
export function Widget(props: WidgetProps) {
  const { state, options, locale } = props;
  const t = useSignalValue(state.strings);
  const config = useSignalValue(state.config);
  const open = useSignalValue(state.open);
  const unread = useSignalValue(props.unread);
  const appearance = config?.appearance;

  const context = useMemo<PanelContextValue>(
    () => ({
      t,
      locale: locale.tag,
      server: options.server,
      navigateOrigins: config?.navigateOrigins ?? [],
      showImage: (src, alt, opener) => (state.overlay.value = { kind: 'image', src, alt, opener }),
      showList: (message, opener) => (state.overlay.value = { kind: 'list', message, opener }),
      // On unless the bot turned them off: the config may still be on its way.
      reactions: config?.reactions !== false,
      actions: props.actions,
    }),
    [t, config, locale.tag, options.server, state, props.actions],
  );

  const closeOverlay = (): void => {
    const opener = state.overlay.value?.opener;
    state.overlay.value = null;
    // After the re-render that lifts `inert` from what is behind the overlay.
    requestAnimationFrame(() => opener?.focus());
  };

  const avatar =
    (options.avatar && linkUrl(options.avatar, location.href)) || (appearance?.avatar && embeddableUrl(appearance.avatar, options.server));

  return (
    <PanelContext.Provider value={context}>
      <ChatPanel
        state={state}
        title={options.title ?? appearance?.title ?? t.chat}
        subtitle={options.subtitle ?? appearance?.subtitle}
        avatar={avatar || undefined}
        closable={options.mode === 'launcher'}
        dir={locale.dir}
        lang={locale.language}
        onClose={props.onClose}
        onCloseOverlay={closeOverlay}
      />
      {options.preview && props.hasLauncher && !open && (
        <LauncherPreview
          state={state}
          unread={unread}
          hadConversation={props.hadConversation}
          onOpen={props.onOpen}
          onDismiss={props.onDismissPreview}
        />
      )}
    </PanelContext.Provider>
  );
}
