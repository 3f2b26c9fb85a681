// Renders a view inside the panel context, as the widget does, with spies for the overlays.
import { render } from '@testing-library/preact';
import type { ComponentChild } from 'preact';
import { vi } from 'vitest';
import { en } from '../i18n/en.js';
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
    react: vi.fn<PanelContextValue['react']>(),
    ...overrides,
  };
  return { ...render(<PanelContext.Provider value={context}>{ui}</PanelContext.Provider>), context };
}
