import { describe, expect, it } from 'vitest';
import { uploadFileOf, uploadLink } from './upload-links.js';

const PUBLIC = 'https://chat.example.com';
const FILE = '3f2a9c1e-7b4d-4e8a-9f00-1c2d3e4f5a6b.png';

describe('upload links', () => {
  it('are the file under the public URL, also below a path prefix', () => {
    expect(uploadLink(PUBLIC, FILE)).toBe(`https://chat.example.com/uploads/${FILE}`);
    expect(uploadLink('https://example.com/confab', FILE)).toBe(`https://example.com/confab/uploads/${FILE}`);
  });

  it('name their file when they are this server’s link, in any spelling a URL parser equates', () => {
    expect(uploadFileOf(`https://chat.example.com/uploads/${FILE}`, PUBLIC)).toBe(FILE);
    expect(uploadFileOf(`HTTPS://Chat.Example.COM:443/uploads/${FILE}`, PUBLIC)).toBe(FILE);
    expect(uploadFileOf(`http://localhost:3000/uploads/${FILE}`, 'http://localhost:3000')).toBe(FILE);
  });

  it.each([
    ['a javascript: URL with the upload path', `javascript:/uploads/${FILE}`],
    ['a data: URL', 'data:image/png;base64,AAAA'],
    ['another host', `https://evil.example/uploads/${FILE}`],
    ['another scheme', `http://chat.example.com/uploads/${FILE}`],
    ['another port', `https://chat.example.com:8443/uploads/${FILE}`],
    ['a user in the URL', `https://chat.example.com@evil.example/uploads/${FILE}`],
    ['credentials for this host', `https://user:pw@chat.example.com/uploads/${FILE}`],
    ['a query', `https://chat.example.com/uploads/${FILE}?download=1`],
    ['a fragment', `https://chat.example.com/uploads/${FILE}#x`],
    ['another path', `https://chat.example.com/assets/${FILE}`],
    ['a deeper path', `https://chat.example.com/uploads/x/${FILE}`],
    ['a path only', `/uploads/${FILE}`],
    ['no file name', 'https://chat.example.com/uploads/'],
    ['not a URL', 'not a url'],
  ])('refuse %s', (_case, link) => {
    expect(uploadFileOf(link, PUBLIC)).toBeUndefined();
  });
});
