/**
 * The widget's English strings, and the shape every locale fills. Placeholders in braces
 * ({n}) are filled by `fill`. Other locales load as their own chunks (see locale.ts).
 */
export const en = {
  chat: 'Chat',
  openChat: 'Open chat',
  openChatUnread: 'Open chat ({n} new)',
  closeChat: 'Close chat',
  conversation: 'Conversation',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach a file',
  replies: 'Replies',
  options: 'Options',
  sending: 'Sending…',
  notSent: 'Not sent: {error}',
  retry: 'Retry',
  notDelivered: 'Not delivered. Check your connection.',
  reconnecting: 'Reconnecting…',
  unavailable: 'This chat is not available.',
  cannotConnect: 'Could not connect to the chat.',
  tooLong: 'Messages can be up to {max} characters ({n} now).',
  typing: 'Typing…',
  handover: 'Connecting you with a person…',
  aborted: 'Our team will take it from here.',
  ended: 'This conversation has ended',
  newConversation: 'Start a new conversation',
  dropFile: 'Drop a file to send it',
  uploading: 'Uploading…',
  fileTooLarge: '{name} is larger than {max}.',
  fileType: '{name} cannot be sent: this file type is not accepted.',
  previous: 'Previous',
  next: 'Next',
  close: 'Close',
  image: 'Image',
  enlargeImage: 'Show {name} larger',
  navigated: 'Opened {url}',
  openLink: 'Open {url}',
  dismiss: 'Dismiss',
  file: 'File',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  sources: 'Sources',
  stopAnswer: 'Stop',
  answerStopped: 'Stopped',
  answerCut: 'Answer cut short',
  suggestions: 'Suggestions',
  chatWith: 'Chat with',
  agentJoined: '{name} joined the conversation',
  agentLeft: '{name} left the conversation',
  requeued: 'Waiting for the next available person…',
  botResumed: 'You are back with the assistant',
  inLine: 'You are number {n} in line',
  nobodyOnline: 'No one is available right now. Leave your email and we will get back to you.',
  email: 'Your email',
  emailSaved: 'Thanks! We will reply to {email}.',
  seen: 'Seen',
  agentTyping: '{name} is typing…',
  registrationIntro: 'Before we start, please tell us who you are.',
  yourName: 'Your name',
  yourPhone: 'Your phone number',
  startChat: 'Start chat',
} as const;

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;

/** Fills {placeholders}; unknown ones stay as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
