import { describe, expect, it } from 'vitest';
import { checkAnswer } from './answers.js';

describe('checkAnswer', () => {
  it.each([
    ['number', '42', '42'],
    ['number', '3,5', '3.5'],
    ['number', '1 000', '1000'],
    ['number', 'forty', undefined],
    ['email', 'Ada@Example.COM', 'ada@example.com'],
    ['email', 'ada@', undefined],
    ['phone', '+1 (555) 123-4567', '+15551234567'],
    ['phone', '12', undefined],
    ['date', '2026-02-28', '2026-02-28'],
    ['date', '31.12.2026', '2026-12-31'],
    ['date', 'March 3, 2026', '2026-03-03'],
    ['date', '2026-02-30', undefined],
    ['text', '  hi  ', 'hi'],
    ['text', '   ', undefined],
  ] as const)('checkAnswer(%s, %j) → %j', (type, input, expected) => {
    const r = checkAnswer(type, input);
    expect(r.ok ? r.value : undefined).toBe(expected);
  });
});
