/**
 * The shadow root's CSS, in a fixed order: component sheets, then the theme (custom
 * properties from the options and the bot's colors), then the page's custom CSS, which must
 * win over both. Constructable stylesheets need no CSP exception and never reach the host
 * page; where they are missing (Safari before 16.4) <style> elements carry the page's nonce.
 */
export interface StyleSheets {
  add(css: string): void;
  setTheme(css: string): void;
}

type Sheet = CSSStyleSheet | HTMLStyleElement;

export function createStyleSheets(root: ShadowRoot, customCss: string | undefined, nonce: string | undefined): StyleSheets {
  const constructable = 'adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype;
  const make = (css: string): Sheet => {
    if (constructable) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return sheet;
    }
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    return style;
  };
  const added: Sheet[] = [];
  let theme: Sheet | undefined;
  const custom = customCss ? make(customCss) : undefined;

  const apply = (): void => {
    const ordered = [...added, theme, custom].filter((s): s is Sheet => s !== undefined);
    if (constructable) root.adoptedStyleSheets = ordered as CSSStyleSheet[];
    else {
      // Taken out and put back first, in order, ahead of the widget's elements.
      for (const style of ordered) (style as HTMLStyleElement).remove();
      root.prepend(...(ordered as HTMLStyleElement[]));
    }
  };

  return {
    add(css) {
      added.push(make(css));
      apply();
    },
    setTheme(css) {
      if (theme instanceof CSSStyleSheet) theme.replaceSync(css);
      else if (theme) theme.textContent = css;
      else theme = make(css);
      apply();
    },
  };
}
