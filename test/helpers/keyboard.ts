import type { Locator, Page } from 'playwright-core';

/**
 * Where the focus is, and whether a sighted keyboard user sees it: the element matches
 * :focus-visible and it, or a wrapper close around it (a switch, a styled checkbox's label),
 * draws an outline. Inside a same-origin frame (the live preview) and a shadow root (the
 * widget) it is the element in there. Described by its label as a person would name it.
 */
function focusStop(page: Page): Promise<{ what: string; shows: boolean }> {
  return page.evaluate(() => {
    let el = document.activeElement;
    for (;;) {
      if (el instanceof HTMLIFrameElement && el.contentDocument?.activeElement) el = el.contentDocument.activeElement;
      else if (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      else break;
    }
    if (!el || el === el.ownerDocument.body) return { what: 'the page', shows: true };
    const root = el.getRootNode() as Document | ShadowRoot;
    const name = el.getAttribute('aria-label') ?? ((el.id && root.querySelector(`label[for="${el.id}"]`)?.textContent) || el.textContent || '');
    const what = `${el.tagName.toLowerCase()} “${name.trim().slice(0, 40)}”`;
    const outlined = (e: Element | null) => {
      if (!e) return false;
      const style = e.ownerDocument.defaultView!.getComputedStyle(e);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    };
    return { what, shows: el.matches(':focus-visible') && [el, el.parentElement, el.parentElement?.parentElement ?? null].some(outlined) };
  });
}

/**
 * Presses Tab, or Shift+Tab when the target comes earlier in the page, until the target has
 * the focus, as a keyboard user reaches a control (a frame: the focus is inside it). Gives the
 * stops on the way (and the target) where the focus did not show; throws when the target is
 * never reached. With the focus on the body (its button was disabled, say) it is Tab: the
 * browser goes on from where the focus was.
 */
export async function tabTo(page: Page, target: Locator, maxStops = 150): Promise<string[]> {
  const element = await target.elementHandle();
  if (!element) throw new Error(`tabTo: no element for ${target}`);
  const unseen: string[] = [];
  for (let stop = 0; stop <= maxStops; stop++) {
    const way = await element.evaluate((t) => {
      const at = document.activeElement;
      if (at === t) return 'here';
      if (!at || at === document.body) return 'Tab';
      return at.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING ? 'Tab' : 'Shift+Tab';
    });
    if (way === 'here') return unseen;
    await page.keyboard.press(way);
    const { what, shows } = await focusStop(page);
    if (!shows) unseen.push(what);
  }
  throw new Error(`tabTo: ${target} not reached in ${maxStops} presses of Tab`);
}
