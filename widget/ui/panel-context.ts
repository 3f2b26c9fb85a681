import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { BotMessage } from '../../shared/index.js';
import type { Strings } from '../i18n/en.js';
import type { ChatActions } from '../state/chat-actions.js';

/** What many views need and the panel knows: strings, the locale, the server, the overlays, what the visitor can do. */
export interface PanelContextValue {
  t: Strings;
  /** BCP 47 tag for Intl. */
  locale: string;
  /** The Confab server's origin: the one plain-http media source allowed. */
  server: string;
  /** Origins a navigate action may send the host page to, besides its own. */
  navigateOrigins: readonly string[];
  /** Opens an overlay; focus returns to `opener` when it closes. */
  showImage(src: string, alt: string, opener: HTMLElement): void;
  showList(message: BotMessage, opener: HTMLElement): void;
  /** Thumbs up and down under bot and agent answers (WidgetConfig.reactions). */
  reactions: boolean;
  /** Every view that acts for the visitor takes the action from here: one way, not prop chains. */
  actions: ChatActions;
}

// Widget.tsx always provides the value, and component tests render through renderInPanel
// (testing/render.tsx), which fills it with spies: no defaults to ship in the open widget.
export const PanelContext = createContext({} as PanelContextValue);

export const usePanel = (): PanelContextValue => useContext(PanelContext);
