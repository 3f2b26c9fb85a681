/**
 * The panel entry, imported by the loader on open or idle. mount() renders the chat into
 * the loader's shadow root and returns the controller window.Confab commands go to. The
 * connection starts on the first open or send, not on the idle prefetch, so merely loading
 * a page never creates a visitor.
 */
import { render } from 'preact';
import { adoptStyles } from './adopt-styles.js';
import type { MountPanel, OpenOptions, PanelController } from './contract.js';
import { createChatActions } from './state/chat-actions.js';
import { createChatState } from './state/chat-state.js';
import { createVisitorStore } from './state/visitor-store.js';
import css from './styles.css?inline';
import { createChatConnection } from './transport/chat-connection.js';
import { ChatPanel } from './ui/ChatPanel.js';

export const mount: MountPanel = (host) => {
  const { options, root } = host;
  adoptStyles(root, css);
  const state = createChatState();
  const store = createVisitorStore(options.botKey, options.storage);
  const connection = createChatConnection({
    server: options.server,
    botKey: options.botKey,
    state,
    store,
    onNewMessage: (message) => host.emit('message', message),
  });
  const actions = createChatActions(state, connection);

  const focusComposer = (): void => {
    requestAnimationFrame(() => root.querySelector('textarea')?.focus());
  };

  const controller: PanelController = {
    open({ focus = true }: OpenOptions = {}) {
      if (focus) focusComposer();
      if (state.open.value) return;
      state.open.value = true;
      store.update({ open: true });
      connection.start();
      host.emit('open', undefined);
    },
    close() {
      if (!state.open.value) return;
      // Focus inside the panel would vanish with it: hand it back to the launcher.
      if (root.activeElement && root.activeElement !== host.launcher) host.launcher.focus();
      state.open.value = false;
      store.update({ open: false });
      host.emit('close', undefined);
    },
    toggle() {
      if (state.open.value) controller.close();
      else controller.open();
    },
    send(text) {
      if (!actions.sendText(text)) console.warn('[confab] send() needs a non-empty text within the length limit');
    },
  };

  const slot = document.createElement('div');
  root.append(slot);
  render(
    <ChatPanel
      state={state}
      title={options.title}
      {...(options.subtitle ? { subtitle: options.subtitle } : {})}
      onClose={controller.close}
      onSend={controller.send}
      onChoose={actions.choose}
    />,
    slot,
  );
  return controller;
};
