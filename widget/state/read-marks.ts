/** How long the read mark waits for the conversation to settle before it is sent. */
export const READ_MARK_DELAY_MS = 1_000;

export interface ReadMarks {
  /** The visitor has seen the conversation up to `seq`. */
  seen(conversationId: string, seq: number): void;
  stop(): void;
}

/**
 * Tells the server how far the visitor has read (the thread's read count): once things have
 * been quiet for a moment, so a burst of bot messages is one request, and only when the mark
 * grows past the last one the server took. A mark that was not taken is sent again with the
 * next one.
 */
export function createReadMarks(send: (conversationId: string, seq: number) => Promise<boolean>, delayMs = READ_MARK_DELAY_MS): ReadMarks {
  let taken = { conversationId: '', seq: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    seen(conversationId, seq) {
      clearTimeout(timer);
      if (seq <= 0 || (conversationId === taken.conversationId && seq <= taken.seq)) return;
      timer = setTimeout(() => {
        void send(conversationId, seq).then((ok) => {
          if (ok && (conversationId !== taken.conversationId || seq > taken.seq)) taken = { conversationId, seq };
        });
      }, delayMs);
    },
    stop: () => clearTimeout(timer),
  };
}
