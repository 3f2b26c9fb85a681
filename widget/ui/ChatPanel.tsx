import { useEffect, useRef } from 'preact/hooks';
import type { ChatState } from '../state/chat-state.js';
import { chosenPersona, visitorHasSpoken } from '../rules/conversation-start.js';
import { followUpsAfter } from '../rules/follow-ups.js';
import { embeddableUrl } from '../rules/safe-url.js';
import { Composer } from './Composer.js';
import { ConnectionNotice } from './ConnectionNotice.js';
import { focusComposer } from './focus-composer.js';
import { Header } from './Header.js';
import { lazyView, Nothing } from './lazy-view.js';
import type { LightboxProps } from './Lightbox.js';
import type { ListSheetProps } from './ListSheet.js';
import { LiveAnnouncer } from './LiveAnnouncer.js';
import { MessageList } from './MessageList.js';
import { NewConversation } from './NewConversation.js';
import { usePanel } from './panel-context.js';
import type { PeopleBarProps } from './PeopleBar.js';
import type { PersonaPickerProps } from './PersonaPicker.js';
import type { QuickPromptsProps } from './QuickPrompts.js';
import type { RegistrationCardProps } from './RegistrationCard.js';
import { useSignalValue } from './use-signal-value.js';
import type { WelcomeProps } from './Welcome.js';
import { trackVisualViewport } from '../page/visual-viewport.js';

const ListSheet = lazyView<ListSheetProps>(() => import('./ListSheet.js').then((m) => m.ListSheet), Nothing);
const Lightbox = lazyView<LightboxProps>(() => import('./Lightbox.js').then((m) => m.Lightbox), Nothing);
// Only for bots that configure them, and only until the visitor has said something.
const PersonaPicker = lazyView<PersonaPickerProps>(() => import('./PersonaPicker.js').then((m) => m.PersonaPicker), Nothing);
const QuickPrompts = lazyView<QuickPromptsProps>(() => import('./QuickPrompts.js').then((m) => m.QuickPrompts), Nothing);
const PeopleBar = lazyView<PeopleBarProps>(() => import('./PeopleBar.js').then((m) => m.PeopleBar), Nothing);
// Only for bots in registration mode, once per visitor.
const RegistrationCard = lazyView<RegistrationCardProps>(() => import('./RegistrationCard.js').then((m) => m.RegistrationCard), Nothing);
// Only for bots with links or custom content (002).
const Welcome = lazyView<WelcomeProps>(() => import('./Welcome.js').then((m) => m.Welcome), Nothing);

export interface ChatPanelProps {
  state: ChatState;
  title: string;
  subtitle?: string | undefined;
  avatar?: string | undefined;
  /** Launcher mode: a closable dialog. Inline and fullscreen: a region of the page, always open. */
  closable: boolean;
  dir: 'ltr' | 'rtl';
  lang: string;
  onClose(): void;
  onCloseOverlay(): void;
}

/** The chat: header, conversation and composer, with the overlays. What the visitor does goes to the panel's actions. */
export function ChatPanel(props: ChatPanelProps) {
  const { state, closable, onClose } = props;
  const { actions, server } = usePanel();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => (panel.current ? trackVisualViewport(panel.current) : undefined), []);

  const open = useSignalValue(state.open);
  const overlay = useSignalValue(state.overlay);
  const config = useSignalValue(state.config);
  const conversation = useSignalValue(state.conversation);
  const personaChoice = useSignalValue(state.persona);
  const connection = useSignalValue(state.connection);
  const notice = useSignalValue(state.notice);
  const messages = useSignalValue(state.messages);
  const pending = useSignalValue(state.pending);
  const typing = useSignalValue(state.typing);
  const typist = useSignalValue(state.typist);
  const answers = useSignalValue(state.answers);
  const announcements = useSignalValue(state.announcements);
  // The bot asked who the visitor is before it starts: the card takes the composer's place.
  const registration = useSignalValue(state.registration) ? config?.registration : undefined;

  const uploads = config?.uploads;
  const ended = conversation?.status === 'ended';
  const canUpload = Boolean(uploads && uploads.maxBytes > 0) && !ended;
  const starting = !ended && !visitorHasSpoken(messages, pending);
  const followUps = ended ? undefined : followUpsAfter(messages, config?.followUpPrompts);
  const personas = config?.personas ?? [];
  const persona = chosenPersona(personas, personaChoice, conversation?.id);
  // The owner's pictures (002 icons) are https URLs; checked again like any image the widget shows.
  const icon = (url: string | undefined): string | undefined => (url && embeddableUrl(url, server)) || undefined;
  const botAvatar = icon(config?.icons?.botAvatar);
  const welcome = config?.links?.length || config?.customContent?.length ? <Welcome links={config.links} content={config.customContent} /> : undefined;
  // The prompts go away with the click: focus goes on to the composer, not to the page.
  const sendPrompt = (text: string): void => {
    actions.sendText(text);
    panel.current?.querySelector('textarea')?.focus();
  };
  const startNewConversation = (): void => {
    actions.startNewConversation();
    if (panel.current) focusComposer(panel.current);
  };

  return (
    <section
      ref={panel}
      class="panel"
      role={closable ? 'dialog' : undefined}
      aria-label={props.title}
      hidden={!open}
      dir={props.dir}
      lang={props.lang}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && closable) {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      {/* Behind the list sheet everything is inert: focus and clicks stay in the sheet. */}
      <div class="panel-main" inert={overlay?.kind === 'list'}>
        <Header title={props.title} subtitle={props.subtitle} avatar={props.avatar} persona={persona} onClose={closable ? onClose : undefined} />
        {/* persona:select names the conversation: the picker waits until there is one. */}
        {starting && conversation && personas.length > 0 && (
          <PersonaPicker personas={personas} chosen={persona?.id} onChoose={actions.choosePersona} />
        )}
        <ConnectionNotice status={connection} notice={notice} />
        <MessageList
          messages={messages}
          pending={pending}
          typing={typing}
          typist={typist}
          readSeq={conversation?.agentReadSeq}
          drafts={answers}
          visible={open}
          intro={welcome}
          // A persona the visitor picked speaks with its own name and, if it has one, face.
          bot={botAvatar ? { name: persona?.name ?? props.title, avatar: icon(persona?.avatar) ?? botAvatar } : undefined}
          agentAvatar={icon(config?.icons?.agentAvatar)}
        />
        {!ended && conversation?.people && <PeopleBar people={conversation.people} />}
        {starting && config && config.quickPrompts.length > 0 && <QuickPrompts prompts={config.quickPrompts} onSend={sendPrompt} />}
        {followUps && !pending.length && !answers.length && (
          <QuickPrompts prompts={followUps} onSend={sendPrompt} />
        )}
        {registration ? (
          <RegistrationCard fields={registration.fields} onRegister={actions.register} />
        ) : ended ? (
          <NewConversation onStart={startNewConversation} />
        ) : (
          <Composer
            draft={state.draft}
            onSend={actions.sendText}
            accept={canUpload ? uploads?.types : undefined}
            onFiles={(files) => files.forEach((file) => void actions.sendFile(file))}
            onTyping={actions.typing}
          />
        )}
      </div>
      {overlay?.kind === 'list' && <ListSheet message={overlay.message} onClose={props.onCloseOverlay} />}
      {overlay?.kind === 'image' && <Lightbox src={overlay.src} alt={overlay.alt} onClose={props.onCloseOverlay} />}
      <LiveAnnouncer announcements={announcements} />
    </section>
  );
}
