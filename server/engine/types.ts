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

export type DayName = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export interface BusinessHours {
  /** IANA time zone the schedule is written in. */
  timezone: string;
  /** Open ranges per weekday, "HH:MM" local time; a missing day is closed. */
  days: Partial<Record<DayName, Array<{ start: string; end: string }>>>;
}

export type InputType = 'none' | 'text' | 'select' | 'number' | 'email' | 'phone' | 'date';

export interface ApiFetchConfig {
  /** Absolute, or starting with "/" for this Confab server; {{variables}} fill path segments, query and fragment, never the origin. */
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  /** Request body template: JSON built as data, form-encoded or text/plain (request-template.ts). */
  body?: string;
  timeout_ms: number;
  /** variable name → dot path into the JSON response ("order.status", "items.0.name"). */
  response_mapping: Record<string, string>;
  /** Said when the call fails (network, timeout, non-2xx, not JSON). */
  error_message: string;
  /** After a failure: end the flow, go on with the next step, transfer, or go to a named step. */
  on_error: 'end' | 'continue' | 'transfer' | 'goto';
  error_step?: string;
}

export interface FormField {
  name: string;
  label: string;
  type: Exclude<InputType, 'none' | 'select'>;
  required: boolean;
}

export interface FlowStep {
  step_name: string;
  step_order: number;
  /** Markdown with {{variables}}. */
  message: string;
  message_type: 'text' | 'buttons' | 'api_fetch' | 'whatsapp_flow' | 'transfer';
  /** What answer the step waits for; "none" goes straight on. */
  input_type: InputType;
  buttons?: ConfigButton[];
  store_as?: string;
  /** Said before asking again after an invalid answer. */
  retry_message?: string;
  max_retries: number;
  on_max_retries: 'end' | 'transfer';
  api_config?: ApiFetchConfig;
  /** whatsapp_flow: on the web, its fields are asked one by one in the chat. */
  form_config?: { fields: FormField[] };
  transfer_config?: { team_id?: string; notes?: string };
}

export interface Flow {
  id: string;
  name: string;
  trigger_keywords: string[];
  initial_message?: string;
  completion_message?: string;
  enabled: boolean;
  steps: FlowStep[];
}

/** The part of the 000 settings the engine reads. */
export interface EngineSettings {
  chatbot_enabled: boolean;
  greeting_message: string;
  greeting_buttons: ConfigButton[];
  fallback_message: string;
  fallback_buttons: ConfigButton[];
  transfer_keywords: string[];
  transfer_message: string;
  business_hours_enabled: boolean;
  business_hours: BusinessHours;
  out_of_hours_message: string;
}

export interface BotConfig {
  settings: EngineSettings;
  rules: KeywordRule[];
  flows: Flow[];
}

export interface FlowPosition {
  flow_id: string;
  step: string;
  /** Invalid answers given to this step so far. */
  retries: number;
  /** whatsapp_flow: index of the field being asked. */
  field?: number;
}

/** What the engine remembers between two events of one conversation. */
export interface Session {
  variables: Record<string, string>;
  flow?: FlowPosition;
  /** The flow the visitor was in last: the console lays out its variables by that flow's panel_config. */
  last_flow_id?: string;
  /** A transfer is active: the bot is silent until an agent resumes it. */
  handover?: boolean;
}

/** The result of an api_fetch call, fed back into the engine by the bot runner. */
export interface ApiResultInput {
  name: 'api_result';
  payload: { ok: true; data: unknown } | { ok: false; error: string };
}

export type EngineInput = VisitorEvent | ApiResultInput;

/** An HTTP call the runner makes for an api_fetch step (the engine itself does no I/O). */
export interface FetchRequest {
  url: string;
  method: ApiFetchConfig['method'];
  headers: Record<string, string>;
  body?: string;
  timeout_ms: number;
}

/**
 * Who handed a conversation to people: a flow step, a transfer keyword or the bot (the
 * engine's), a webhook bot's abort, the transfers API, or a webhook bot's timeout.
 */
export type TransferSource = 'flow' | 'transfer_keyword' | 'bot' | 'bot_abort' | 'manual' | 'agent' | 'timeout_forward' | 'timeout_unassign';

/** A hand-over to people (000 transfer, 003 forward, 002 escalation: one concept). */
export interface TransferRequest {
  team_id: string | null;
  notes: string;
  source: TransferSource;
}

export interface EngineResult {
  actions: BotAction[];
  session: Session;
  /** Make this call and run the engine again with its api_result. */
  fetch?: FetchRequest;
  /** Create an agent transfer (the actions hold the visible forward). */
  transfer?: TransferRequest;
}
