/**
 * The names of the widget's own texts (widget/i18n/en.ts holds them, and checks it holds
 * exactly these): a bot's `widget_messages` may replace any of them, per language.
 */
export const WIDGET_STRING_KEYS = [
  'chat', 'openChat', 'openChatUnread', 'closeChat', 'conversation', 'message', 'placeholder', 'send', 'attach',
  'replies', 'options', 'sending', 'notSent', 'retry', 'notDelivered', 'reconnecting', 'unavailable',
  'cannotConnect', 'tooLong', 'typing', 'handover', 'aborted', 'ended', 'newConversation', 'dropFile', 'uploading',
  'fileTooLarge', 'fileType', 'previous', 'next', 'close', 'image', 'enlargeImage', 'navigated', 'openLink',
  'dismiss', 'file', 'helpful', 'notHelpful', 'sources', 'stopAnswer', 'answerStopped', 'answerCut', 'suggestions',
  'chatWith', 'agentJoined', 'agentLeft', 'requeued', 'botResumed', 'inLine', 'nobodyOnline', 'email', 'emailSaved',
  'seen', 'agentTyping', 'registrationIntro', 'yourName', 'yourPhone', 'startChat',
] as const;

export type WidgetStringKey = (typeof WIDGET_STRING_KEYS)[number];

/** The languages the widget speaks (widget/i18n). */
export const WIDGET_LANGUAGES = ['en', 'de', 'fr', 'es', 'ar'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];
