/**
 * Puts CSS into a shadow root through a constructable stylesheet: nothing reaches the host
 * page, and no style attribute or <style> tag needs a CSP exception. Browsers without
 * adoptedStyleSheets (Safari before 16.4) get a <style> element instead.
 */
export function adoptStyles(root: ShadowRoot, cssText: string): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = cssText;
  root.prepend(style);
}
