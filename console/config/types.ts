/** The shapes of the configuration API (seed 000) as the owner console reads them. */

import type { RegistrationField } from '../../shared/socket-events.js';

export interface ConfigButton {
  id?: string;
  title: string;
}

export interface QuickPrompt {
  id?: string;
  title: string;
  description: string | null;
  link: string | null;
}

export interface Persona {
  id?: string;
  name: string;
  avatar?: string;
  system_prompt: string;
}

export interface Appearance {
  title?: string;
  subtitle?: string;
  avatar?: string;
  primary_color?: string;
  text_color?: string;
}

export interface Settings {
  chatbot_enabled: boolean;
  greeting_message: string;
  greeting_buttons: ConfigButton[];
  fallback_message: string;
  fallback_buttons: ConfigButton[];
  ai_enabled: boolean;
  ai_provider: string | null;
  ai_base_url: string | null;
  ai_model: string | null;
  ai_temperature: number;
  ai_max_tokens: number;
  ai_timeout_ms: number;
  ai_api_key_set: boolean;
  ai_follow_ups_enabled: boolean;
  ai_follow_ups_count: number;
  system_prompt: string;
  transfer_keywords: string[];
  transfer_message: string;
  business_hours_enabled: boolean;
  business_hours: { timezone: string; days: Partial<Record<string, Array<{ start: string; end: string }>>> };
  out_of_hours_message: string;
  bot_type: 'builtin' | 'webhook';
  behavior_mode: 'service_time' | 'backup' | 'human' | 'firewall';
  chat_slots: number;
  conversation_timeout: { seconds: number; action: 'end' | 'unassign' | 'forward' } | null;
  webhook_url: string | null;
  webhook_headers: Record<string, string>;
  webhook_timeout_ms: number;
  webhook_retries: number;
  appearance: Appearance;
  quick_prompts: QuickPrompt[];
  personas: Persona[];
  /** 003 registration mode: the widget asks these fields before a new conversation. */
  registration_enabled: boolean;
  registration_fields: RegistrationField[];
  /** Write-only: sent when typed, never read back. */
  ai_api_key?: string | null;
  [field: string]: unknown;
}

export interface KeywordRule {
  id?: string;
  name: string;
  keywords: string[];
  match_type: 'exact' | 'contains' | 'starts_with' | 'regex';
  response_type: 'text' | 'buttons';
  response: string;
  buttons?: ConfigButton[];
  priority: number;
  enabled: boolean;
}

export type MessageType = 'text' | 'buttons' | 'api_fetch' | 'whatsapp_flow' | 'transfer';

export interface FlowStep {
  step_name: string;
  step_order: number;
  message: string;
  message_type: MessageType;
  input_type?: string;
  buttons?: ConfigButton[];
  store_as?: string;
  retry_message?: string;
  max_retries?: number;
  on_max_retries?: 'end' | 'transfer';
  api_config?: {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeout_ms?: number;
    response_mapping?: Record<string, string>;
    error_message?: string;
    on_error?: 'end' | 'continue' | 'transfer' | 'goto';
    error_step?: string;
  };
  form_config?: { fields: Array<{ name: string; label: string; type?: string; required?: boolean }> };
  transfer_config?: { team_id?: string; notes?: string };
}

export interface Flow {
  id?: string;
  name: string;
  trigger_keywords: string[];
  initial_message?: string;
  completion_message?: string;
  enabled: boolean;
  panel_config?: unknown;
  steps: FlowStep[];
}

export interface AiContext {
  id?: string;
  name: string;
  trigger_keywords: string[];
  context_type: 'static' | 'api';
  content: string;
  api_config?: { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; timeout_ms?: number };
  follow_ups: string[];
  source_url?: string;
  priority: number;
  enabled: boolean;
}

export interface Team {
  id?: string;
  name: string;
}

export interface Agent {
  id?: string;
  name: string;
  email?: string;
  teams: string[];
  max_chats: number;
  token?: string;
}

export interface BotInfo {
  id: string;
  key: string;
  name: string;
}

/** POST /keywords/test. */
export interface MessageTest {
  answered_by: 'transfer_keyword' | 'flow' | 'keyword_rule' | 'ai' | 'fallback';
  reason: string;
  keyword?: string;
  match_type?: KeywordRule['match_type'];
  rule?: KeywordRule & { id: string };
  flow?: { id: string; name: string };
}

/** The 002 sections kept in the settings, each with its own route. */
export interface Link {
  id?: string;
  title: string;
  url: string;
  icon?: string;
}

export interface CustomContent {
  id?: string;
  title?: string;
  body: string;
}

/** A chip after a bot answer: sends its description, or opens its link (one of the two). */
export type FollowUpPrompt = QuickPrompt;

/** A named system prompt; the active one (at most one) replaces settings.system_prompt. */
export interface AiPrompt {
  id?: string;
  name: string;
  system_prompt: string;
  active: boolean;
}

export interface CannedResponse {
  id?: string;
  short_code: string;
  content: string;
}

export interface Icons {
  launcher?: string;
  bot_avatar?: string;
  agent_avatar?: string;
}

/** The widget's own texts replaced per language: {de: {placeholder: "…"}}; a key left out keeps the default. */
export type WidgetMessages = Partial<Record<string, Partial<Record<string, string>>>>;
