import type { BotAction, VisitorEvent } from '../../shared/index.js';

/** A button of seed 000: the owner writes a title, the system gives it an id. */
export interface ConfigButton {
  id: string;
  title: string;
}

export type MatchType = 'exact' | 'contains' | 'starts_with' | 'regex';

export interface KeywordRule {
  id: string;
  name: string;
  keywords: string[];
  match_type: MatchType;
  response_type: 'text' | 'buttons';
  /** Markdown. */
  response: string;
  buttons?: ConfigButton[];
  priority: number;
  enabled: boolean;
  /** Creation order: among equal priorities the older rule wins. */
  position: number;
}

/** The part of the 000 settings the engine reads. */
export interface EngineSettings {
  chatbot_enabled: boolean;
  greeting_message: string;
  greeting_buttons: ConfigButton[];
  fallback_message: string;
  fallback_buttons: ConfigButton[];
}

export interface BotConfig {
  settings: EngineSettings;
  rules: KeywordRule[];
}

/** What the engine remembers between two visitor events of one conversation. */
export interface Session {
  variables: Record<string, string>;
}

export interface Clock {
  now(): Date;
}

export interface EngineResult {
  actions: BotAction[];
  session: Session;
}

export type EngineInput = VisitorEvent;
