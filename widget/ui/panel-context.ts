import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { BotMessage, Reaction } from '../../shared/index.js';
import { en, type Strings } from '../i18n/en.js';

/** What many views need and the panel knows: strings, the locale, the server, the overlays. */
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
  react(message: BotMessage, reaction: Exclude<Reaction, 'NEUTRAL'>): void;
}

// The defaults serve component tests that render a view alone.
export const PanelContext = createContext<PanelContextValue>({
  t: en,
  locale: 'en',
  server: 'http://localhost',
  navigateOrigins: [],
  showImage: () => {},
  showList: () => {},
  reactions: false,
  react: () => {},
});

export const usePanel = (): PanelContextValue => useContext(PanelContext);
