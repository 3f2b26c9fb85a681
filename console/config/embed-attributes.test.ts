import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMBED_ATTRIBUTES, embedSnippet } from './embed-attributes.js';

describe('the embed snippet builder', () => {
  it('offers every data-* attribute of the README table', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Attributes'), readme.indexOf('### JavaScript API'));
    const documented = [...table.matchAll(/`(data-[a-z-]+)`/g)].map((m) => m[1]).filter((name) => name !== 'data-bot-key');
    expect(documented.length).toBeGreaterThan(20);
    expect(EMBED_ATTRIBUTES.map((a) => a.name).sort()).toEqual([...new Set(documented)].sort());
  });

  it('writes only what was set, escaped, with the bot key and async', () => {
    expect(embedSnippet('https://chat.example.com/', 'demo', {})).toBe('<script src="https://chat.example.com/widget.js" data-bot-key="demo" async></script>');
    const tag = embedSnippet('https://chat.example.com', 'shop"1', { 'data-title': 'Beans & "Co"', 'data-position': 'left', 'data-open': '' });
    expect(tag).toContain('data-bot-key="shop&quot;1"');
    expect(tag).toContain('data-title="Beans &amp; &quot;Co&quot;"');
    expect(tag).toContain('data-position="left"');
    expect(tag).not.toContain('data-open');
  });
});
