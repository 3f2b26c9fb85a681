/**
 * The panel entry, imported by the loader on intent (or at idle for a visitor with a
 * conversation). mount() renders the chat into the loader's shadow root and returns the
 * controller window.Confab commands go to. A new visitor is created on the first open or
 * send, never by merely mounting, so
 * loading a page creates nobody; a returning visitor with a conversation, or with unsent
 * messages in the outbox, is connected in the background, so replies that arrive while the
 * chat is closed show as unread and the outbox is delivered.
 */
import { computed, effect } from '@preact/signals-core';
import { render } from 'preact';
import type { MountPanel, OpenOptions, PanelController } from './contract.js';
import { pickLocale, loadStrings } from './i18n/locale.js';
import { watchAttention } from './panel-attention.js';
import { createChatActions } from './state/chat-actions.js';
import { createChatState, resetConversation } from './state/chat-state.js';
import { unreadMessages } from './rules/unread.js';
import { createOutbox } from './state/outbox.js';
import { createVisitorRecord } from './state/visitor-record.js';
import launcherCss from './loader/launcher-panel.css?inline';
import { svgIcon } from './loader/svg-icon.js';
import css from './styles.css?inline';
import { createChatConnection } from './transport/chat-connection.js';
import { sharedWidgetConfig } from './transport/http.js';
import { setStyleSink } from './ui/chunk-styles.js';
import { focusComposer } from './ui/focus-composer.js';
import { Widget } from './ui/Widget.js';

export { createCommandApi } from './command-api.js';

const CLOSE_ICON = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z';

export const mount: MountPanel = (host) => {
  const { options, root, launcher } = host;
  host.addStyles(launcherCss);
  // The open launcher's icon: the loader leaves it out, as nothing is open before the panel.
  launcher?.append(svgIcon(CLOSE_ICON, 'icon-close'));
  host.addStyles(css);
  setStyleSink(host.addStyles);
  const locale = pickLocale(options.locale, navigator.languages?.length ? navigator.languages : [navigator.language]);
  const state = createChatState();
  const visitorRecord = createVisitorRecord(options.botKey, options.storage);
  const outbox = createOutbox(options.botKey, options.storage);
  const stored = visitorRecord.read();
  state.seen.value = stored.seen ?? null;
  state.previewDismissed.value = stored.previewDismissed ?? null;
  state.persona.value = stored.persona ?? null;
  const embedded = options.mode !== 'launcher';

  // Both in the background: English and the launcher's colors serve until they arrive.
  const configReady = sharedWidgetConfig(options.server, options.botKey, host.config).then((result) => {
    if (!result.data) return null;
    state.config.value = result.data;
    host.applyColors(result.data.appearance);
    return result.data;
  });
  // The bot's own texts for this language (002 "messages") go over the widget's.
  void Promise.all([loadStrings(locale.language), configReady]).then(([strings, config]) => {
    state.strings.value = { ...strings, ...config?.messages?.[locale.language] };
  });

  const connection = createChatConnection({
    server: options.server,
    botKey: options.botKey,
    state,
    visitorRecord,
    outbox,
    onNewMessage: (message) => {
      host.emit('message', message);
      if (message.author !== 'visitor' && message.packet.name === 'navigate') {
        const { url } = message.packet.payload;
        // Rare: the code that decides whether to move the page is its own chunk.
        void Promise.all([configReady, import('./page/navigate.js')]).then(([config, { followNavigate }]) =>
          followNavigate(url, config?.navigateOrigins ?? []),
        );
      }
    },
  });
  const actions = createChatActions(state, connection, {
    server: options.server,
    locale: locale.tag,
    identity: () => connection.identity(),
    // Its own chunk, like the rest of the upload code: most visitors never send a file.
    upload: (token, file) => import('./transport/upload.js').then((m) => m.uploadFile(options.server, options.botKey, token, file)),
  });

  const controller: PanelController = {
    open({ focus = true, proactive = false }: OpenOptions = {}) {
      if (focus) focusComposer(root);
      if (state.open.value) return;
      state.open.value = true;
      if (!embedded) visitorRecord.update({ open: true });
      connection.start({ proactive });
      host.emit('open', undefined);
    },
    close() {
      if (!state.open.value || embedded) return;
      // Focus inside the panel would vanish with it: hand it back to the launcher.
      if (root.activeElement && root.activeElement !== launcher) launcher?.focus();
      state.open.value = false;
      state.overlay.value = null;
      visitorRecord.update({ open: false });
      host.emit('close', undefined);
    },
    toggle() {
      if (state.open.value) controller.close();
      else controller.open();
    },
    send(text) {
      if (!actions.sendText(text)) console.warn('[confab] send() needs a non-empty text within the length limit');
    },
    prefill(text) {
      state.draft.value = text;
    },
    identify(profile) {
      // The server checks the fields (and answers what it refused); here only that it is an object.
      connection.identify(profile);
    },
    reset() {
      connection.stop();
      // A signed-out visitor's unsent words must not go out as the next visitor's.
      outbox.clear();
      visitorRecord.forgetIdentity();
      visitorRecord.update({ seen: undefined, previewDismissed: undefined });
      resetConversation(state);
      state.pending.value = [];
      state.notice.value = null;
      state.draft.value = '';
      state.seen.value = null;
      state.previewDismissed.value = null;
      state.persona.value = null;
      // An open chat goes on as a new visitor; a closed one waits for the next open.
      if (state.open.value) connection.start();
    },
    destroy() {
      stopAttention();
      stopPersona();
      connection.stop();
      render(null, slot);
      slot.remove();
    },
  };

  // data-user-id and the rest: the same identify() a site would call, sent once the chat connects.
  const { userId, userHash, userEmail, userName } = options;
  if (userId || userEmail || userName) {
    connection.identify({
      ...(userId ? { external_id: userId } : {}),
      ...(userHash ? { user_hash: userHash } : {}),
      ...(userEmail ? { email: userEmail } : {}),
      ...(userName ? { name: userName } : {}),
    });
  }

  const unread = computed(() => unreadMessages(state.messages.value, state.seen.value));
  const stopAttention = watchAttention({
    state,
    visitorRecord,
    options,
    launcher,
    unread,
    emit: host.emit,
    markRead: (conversationId, seq) => connection.request('conversation:read', { conversationId, seq }).then((res) => Boolean(res?.ok)),
  });
  // The persona picked stays with its conversation across reloads.
  const stopPersona = effect(() => visitorRecord.update({ persona: state.persona.value ?? undefined }));

  const slot = document.createElement('div');
  slot.className = 'root'; // display: contents, so inline panels size to the host
  root.append(slot);
  render(
    <Widget
      state={state}
      options={options}
      locale={locale}
      unread={unread}
      // The greeting beside the closed launcher is the loader's (loader/attention.ts), shown
      // before the panel loads; the panel previews unread messages only.
      hadConversation
      hasLauncher={launcher !== null}
      actions={actions}
      onOpen={() => controller.open()}
      onClose={controller.close}
      onDismissPreview={(key) => {
        state.previewDismissed.value = key;
        visitorRecord.update({ previewDismissed: key });
      }}
    />,
    slot,
  );

  // Unsent messages from an earlier page go out now, without waiting for the visitor to open the chat.
  if ((stored.visitorId && stored.conversationId) || outbox.entries().some((e) => e.status === 'sending')) connection.start();
  return controller;
};
