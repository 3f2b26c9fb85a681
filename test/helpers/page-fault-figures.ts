// What the browser fault tests count: the store, and what every page of a visitor shows (the
// server fault tests count in test/helpers/fault-figures.ts, from socket.io-client visitors).
import type { Page } from 'playwright-core';
import type { RunningServer } from '../../server/server.js';
import { widget } from './widget.js';

/** One visitor of a fault test: their page(s), their conversation, what they said and what the bot said meanwhile. */
export interface FaultVisitor {
  pages: Page[];
  conversationId: string;
  sent: string[];
  /** Bot messages said while the path was cut (through the bot API, which the cut does not touch). */
  replies: string[];
}

export interface FaultFigures {
  sent: number;
  stored: number;
  /** Shown as stored messages on every page of the visitor. */
  delivered: number;
  /** Extra copies, in the store or on a page. */
  duplicated: number;
  lost: number;
  /** Bot messages said during the fault, and how many every page shows once. */
  replies: number;
  caughtUp: number;
  /** Messages (stored or shown) out of the order they were sent in. */
  outOfOrder: number;
}

/** The words of the stored visitor messages on a page (pending ones carry a delivery line and are left out). */
export function shownVisitorTexts(page: Page): Promise<string[]> {
  return widget
    .conversation(page)
    .locator('li.row.visitor')
    .filter({ hasNot: page.locator('.delivery') })
    .locator('.bubble')
    .allInnerTexts()
    .then((texts) => texts.map((t) => t.trim()));
}

/** The words of the bot's rows on a page. */
export function shownBotTexts(page: Page): Promise<string[]> {
  return widget
    .conversation(page)
    .locator('li.row.bot')
    .allInnerTexts()
    .then((texts) => texts.map((t) => t.trim()));
}

const bodyOf = (packet: { name: string; payload: unknown }): string =>
  packet.name === 'message' ? String((packet.payload as { body?: unknown }).body ?? '') : '';

/** Counts, over every visitor, what the store holds and what every page shows of what was said during the fault. */
export async function faultFigures(server: RunningServer, visitors: readonly FaultVisitor[]): Promise<FaultFigures> {
  const figures: FaultFigures = { sent: 0, stored: 0, delivered: 0, duplicated: 0, lost: 0, replies: 0, caughtUp: 0, outOfOrder: 0 };
  for (const visitor of visitors) {
    const records = await server.store.conversations.messages(visitor.conversationId, { limit: 1000 });
    const storedTexts = records.filter((m) => m.author === 'visitor').map((m) => bodyOf(m.packet));
    const storedReplies = records.filter((m) => m.author === 'bot').map((m) => bodyOf(m.packet));
    const shown = await Promise.all(visitor.pages.map(shownVisitorTexts));
    const shownReplies = await Promise.all(visitor.pages.map(shownBotTexts));
    figures.sent += visitor.sent.length;
    for (const text of visitor.sent) {
      const copies = storedTexts.filter((t) => t === text).length;
      figures.stored += Math.min(copies, 1);
      figures.lost += copies === 0 ? 1 : 0;
      figures.duplicated += Math.max(copies - 1, 0);
      const onPages = shown.map((texts) => texts.filter((t) => t === text).length);
      if (onPages.every((n) => n >= 1)) figures.delivered += 1;
      figures.duplicated += onPages.reduce((sum, n) => sum + Math.max(n - 1, 0), 0);
    }
    figures.outOfOrder += outOfOrder(storedTexts, visitor.sent) + shown.reduce((sum, texts) => sum + outOfOrder(texts, visitor.sent), 0);
    figures.replies += visitor.replies.length;
    for (const reply of visitor.replies) {
      figures.duplicated += Math.max(storedReplies.filter((t) => t === reply).length - 1, 0);
      const onPages = shownReplies.map((texts) => texts.filter((t) => t.includes(reply)).length);
      if (onPages.every((n) => n === 1)) figures.caughtUp += 1;
      figures.duplicated += onPages.reduce((sum, n) => sum + Math.max(n - 1, 0), 0);
    }
    figures.outOfOrder += shownReplies.reduce((sum, texts) => sum + outOfOrder(texts, visitor.replies, true), 0);
  }
  return figures;
}

/** How many of `expected` (in their order) appear out of order in `seen`; each is looked for once. */
function outOfOrder(seen: readonly string[], expected: readonly string[], partial = false): number {
  const positions = expected.map((text) => seen.findIndex((t) => (partial ? t.includes(text) : t === text))).filter((i) => i >= 0);
  return positions.filter((position, i) => i > 0 && position < positions[i - 1]!).length;
}

/** One line per fault test, for the CI log and the README. */
export function printFigures(name: string, figures: FaultFigures): void {
  const { sent, stored, delivered, duplicated, lost, replies, caughtUp, outOfOrder: disorder } = figures;
  console.log(
    `[fault] ${name}: messages sent ${sent}, stored ${stored}, delivered ${delivered}, duplicated ${duplicated}, lost ${lost}; ` +
      `replies during the fault ${replies}, caught up ${caughtUp}; out of order ${disorder}`,
  );
}
