import { describe, expect, it } from 'vitest';
import { MARKDOWN_POLICY } from './markdown-policy.js';

const allowsUri = (uri: string) => MARKDOWN_POLICY.ALLOWED_URI_REGEXP.test(uri);

describe('the markdown policy', () => {
  it.each(['https://example.com/a', 'http://example.com', 'mailto:hi@example.com', 'tel:+4930123', '/pricing', '#top', 'page.html', '//cdn.example.com/x.png'])(
    'lets the URI %s through to the link and image checks',
    (uri) => expect(allowsUri(uri)).toBe(true),
  );

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'ftp://example.com/f', 'sms:+4930123', 'callto:x', 'xmpp:a@b', 'matrix:u/x', 'cid:x', 'blob:https://example.com/1', 'file:///etc/passwd'])(
    'refuses the URI %s',
    (uri) => expect(allowsUri(uri)).toBe(false),
  );

  it('allows no attribute that styles, names, labels or loads from an unchecked source', () => {
    for (const attr of ['class', 'id', 'name', 'style', 'srcset', 'poster', 'background', 'role', 'target', 'rel', 'formaction']) {
      expect(MARKDOWN_POLICY.ALLOWED_ATTR).not.toContain(attr);
    }
    expect(MARKDOWN_POLICY).toMatchObject({ ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false });
  });

  it('allows no media element, form, frame, style sheet or foreign content', () => {
    for (const tag of ['video', 'audio', 'source', 'picture', 'track', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'style', 'link', 'svg', 'math', 'div', 'span']) {
      expect(MARKDOWN_POLICY.ALLOWED_TAGS).not.toContain(tag);
    }
  });
});
