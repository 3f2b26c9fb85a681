// Renders a view inside the panel context, as the widget does, with spies for the overlays
// and for what the visitor does.
import { render } from '@testing-library/preact';
import type { ComponentChild } from 'preact';
import { vi } from 'vitest';
import { en } from '../i18n/en.js';
import type { ChatActions } from '../state/chat-actions.js';
import { PanelContext, type PanelContextValue } from '../ui/panel-context.js';

export function renderInPanel(ui: ComponentChild, overrides: Partial<PanelContextValue> = {}) {
  const context: PanelContextValue = {
    t: en,
    locale: 'en',
    server: 'http://confab.test',
    navigateOrigins: [],
    showImage: vi.fn<PanelContextValue['showImage']>(),
    showList: vi.fn<PanelContextValue['showList']>(),
    reactions: false,
    actions: {
      sendText: vi.fn<ChatActions['sendText']>(() => true),
      choose: vi.fn<ChatActions['choose']>(),
      sendFile: vi.fn<ChatActions['sendFile']>(async () => {}),
      startNewConversation: vi.fn<ChatActions['startNewConversation']>(),
      react: vi.fn<ChatActions['react']>(),
      choosePersona: vi.fn<ChatActions['choosePersona']>(),
      typing: vi.fn<ChatActions['typing']>(),
      leaveEmail: vi.fn<ChatActions['leaveEmail']>(),
      stopAnswer: vi.fn<ChatActions['stopAnswer']>(),
      retry: vi.fn<ChatActions['retry']>(),
      register: vi.fn<ChatActions['register']>(),
      sendForm: vi.fn<ChatActions['sendForm']>(),
    },
    ...overrides,
  };
  return { ...render(<PanelContext.Provider value={context}>{ui}</PanelContext.Provider>), context };
}
