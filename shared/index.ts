export type {
  ActionNameOf,
  ActionRole,
  BotAction,
  BotActionName,
  BotActionOf,
  BotActionPayloads,
  CarouselOption,
  ChoiceAction,
  ChoiceOption,
  ForwardOptions,
  LinkButton,
  ListOption,
  MediaType,
  MessageSource,
  AiAnswerInfo,
  InlineForm,
  SystemLineName,
  TemplateHeader,
  TextFormat,
} from './actions.js';
export { ACTION_ROLES, actionWords, BOT_ACTION_NAMES, CHOICE_ACTION_NAMES, hasRole, isChoiceAction, MEDIA_TYPES, mediaTypeOf } from './actions.js';
export type { VisitorEvent, VisitorEventName, VisitorEventOf, VisitorEventPayloads } from './visitor-events.js';
export { visitorWords } from './visitor-events.js';
export type {
  AgentBadge,
  BotMessage,
  PeopleNotice,
  PeopleState,
  ConversationStatus,
  ConversationView,
  MessageAuthor,
  MessageRecord,
  Reaction,
  VisitorMessage,
} from './messages.js';
export { REACTIONS } from './messages.js';
export type { MessageTextCheck } from './message-text.js';
export { checkMessageText } from './message-text.js';
export type {
  Ack,
  ClientToServerEvents,
  ConversationSnapshot,
  AnswerDraft,
  ErrorBody,
  ErrorCode,
  EventRefusal,
  OpenConversationRequest,
  QuickPrompt,
  ReactionRequest,
  RegistrationField,
  RegistrationValues,
  ServerToClientEvents,
  TypingSignal,
  UploadedFile,
  VisitorAuth,
  VisitorEventRequest,
  VisitorIdentity,
  VisitorProfile,
  IdentifiedProfile,
  WidgetConfig,
} from './socket-events.js';
export { WIDGET_LANGUAGES, WIDGET_STRING_KEYS, type WidgetLanguage, type WidgetStringKey } from './widget-strings.js';
export { HISTORY_PAGE_SIZE, MAX_CLIENT_ID_LENGTH, MAX_MESSAGE_LENGTH, MAX_SOCKET_PAYLOAD_BYTES, MAX_TEMPLATE_OPTIONS } from './limits.js';
export { REGISTRATION_FIELDS } from './socket-events.js';
