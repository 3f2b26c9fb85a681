import { describe, expect, it } from 'vitest';
import { fillTemplate, valueAtPath } from './template.js';

describe('templates', () => {
  it('fills templates and reads JSON paths', () => {
    expect(fillTemplate('Hi {{ name }}, {{missing}}!', { name: 'Ada' })).toBe('Hi Ada, !');
    expect(valueAtPath({ a: { b: [{ c: 5 }] } }, 'a.b.0.c')).toBe('5');
    expect(valueAtPath({ a: null }, 'a.b')).toBeUndefined();
    expect(valueAtPath({ a: { b: 1 } }, 'a')).toBe('{"b":1}');
  });
});
