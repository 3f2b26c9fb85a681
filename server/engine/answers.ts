import { visitorWords } from '../../shared/index.js';
import type { EngineInput, InputType } from './types.js';

/** What the visitor said, as text: a click answers with its label; a file or an API result says nothing. */
export function inputText(input: EngineInput): string | undefined {
  return input.name === 'api_result' ? undefined : visitorWords(input);
}

export type AnswerCheck = { ok: true; value: string } | { ok: false; prompt: string };

const prompts: Record<Exclude<InputType, 'none' | 'select'>, string> = {
  text: 'Please type your answer.',
  number: 'Please enter a number, like 42 or 3.5.',
  email: 'Please enter a valid email address, like name@example.com.',
  phone: 'Please enter a valid phone number, like +1 555 123 4567.',
  date: 'Please enter a date, like 2026-03-31.',
};

export const SELECT_PROMPT = 'Please choose one of the options.';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/** A date as YYYY-MM-DD from "2026-03-31", "31.03.2026" or "March 31, 2026". */
function parseDate(text: string): string | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  if (!/[a-z]/i.test(text) || text.length > 40) return undefined;
  const ms = Date.parse(`${text} 12:00 UTC`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/** Checks a typed answer against the step's input type; the value is what gets stored. */
export function checkAnswer(type: Exclude<InputType, 'none' | 'select'>, raw: string): AnswerCheck {
  const text = raw.trim();
  const fail = { ok: false as const, prompt: prompts[type] };
  if (text === '') return fail;
  switch (type) {
    case 'text':
      return { ok: true, value: text };
    case 'number': {
      const normalized = text.replace(/(\d)[\s_](?=\d{3}\b)/g, '$1').replace(/^(-?\d+),(\d+)$/, '$1.$2');
      return /^-?\d+(\.\d+)?$/.test(normalized) ? { ok: true, value: String(Number(normalized)) } : fail;
    }
    case 'email':
      return EMAIL.test(text) && text.length <= 254 ? { ok: true, value: text.toLowerCase() } : fail;
    case 'phone': {
      const digits = text.replace(/[\s().-]/g, '');
      return /^\+?\d{7,15}$/.test(digits) ? { ok: true, value: digits } : fail;
    }
    case 'date': {
      const value = parseDate(text);
      return value ? { ok: true, value } : fail;
    }
  }
}

/** The prompt of an input type, for a retry. */
export function promptFor(type: InputType): string {
  return type === 'select' ? SELECT_PROMPT : type === 'none' ? prompts.text : prompts[type];
}
