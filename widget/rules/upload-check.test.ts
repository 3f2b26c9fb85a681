import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { acceptsType, formatBytes, uploadProblem } from './upload-check.js';

describe('upload checks', () => {
  const limits = { maxBytes: 2_000_000, types: ['image/*', 'application/pdf'] };
  const file = (size: number, type: string, name = 'f') => new File([new Uint8Array(size)], name, { type });

  it('accepts exact types and families', () => {
    expect(acceptsType(limits.types, 'image/png')).toBe(true);
    expect(acceptsType(limits.types, 'application/pdf')).toBe(true);
    expect(acceptsType(limits.types, 'text/html')).toBe(false);
  });

  it("says why a file cannot be sent, in the visitor's language and units", () => {
    expect(uploadProblem(file(10, 'image/png'), limits, en, 'en')).toBeNull();
    expect(uploadProblem(file(2_000_001, 'image/png', 'big.png'), limits, en, 'en')).toBe('big.png is larger than 2 MB.');
    expect(uploadProblem(file(10, 'text/html', 'page.html'), limits, en, 'en')).toMatch(/page\.html cannot be sent/);
    expect(formatBytes(1_500_000, 'de')).toBe('1,5 MB');
  });
});
