/**
 * The request of an api_fetch step, built from its templates so that a visitor's answer is
 * only ever data in the place it is filled into (README, "Encoding of {{variables}} in
 * api_fetch"): one path segment, one query key or value, one JSON string, one form value,
 * a header value without line breaks. Each template's structure is read before anything is
 * filled in, so a value cannot change it.
 *
 * The `…Problem` functions check a template when a flow is saved; the `fill…` functions run
 * per call and refuse (with an error the engine treats as a failed call) what a flow stored
 * before these checks could still hold.
 */
import type { ApiFetchConfig, FetchRequest } from './types.js';

export type Filled<T> = { ok: true; value: T } | { ok: false; error: string };

type Variables = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** A placeholder exactly where lastIndex points. */
const PLACEHOLDER_HERE = new RegExp(PLACEHOLDER.source, 'y');

const hasPlaceholder = (text: string) => new RegExp(PLACEHOLDER.source).test(text);

/** Lone surrogates replaced, so encodeURIComponent cannot throw on a visitor's text. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Fills the placeholders of one piece of a template, each value passed through `encode`. */
function fillWith(text: string, variables: Variables, encode: (value: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => encode(wellFormed(variables[name] ?? '')));
}

// ---------------------------------------------------------------------------------------
// URLs

interface UrlParts {
  /** "scheme://authority" of an absolute URL, "" for a path on this server. */
  origin: string;
  path: string;
  /** Without the "?", undefined when there is none. */
  query?: string;
  /** Without the "#". */
  fragment?: string;
}

/** Splits a URL template into origin, path, query and fragment, placeholders unfilled. */
function splitUrl(template: string): UrlParts | undefined {
  let rest = template;
  let fragment: string | undefined;
  let query: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  const question = rest.indexOf('?');
  if (question >= 0) [rest, query] = [rest.slice(0, question), rest.slice(question + 1)];
  let origin = '';
  if (!rest.startsWith('/')) {
    const m = /^https?:\/\/[^/]*/i.exec(rest);
    if (!m) return undefined;
    origin = m[0];
    rest = rest.slice(origin.length);
  }
  const parts: UrlParts = { origin, path: rest };
  if (query !== undefined) parts.query = query;
  if (fragment !== undefined) parts.fragment = fragment;
  return parts;
}

export const URL_SHAPE = 'an http(s) URL, or a path starting with / on this server';

/** Why a URL template cannot be used, for the flow's validation; undefined when it can. */
export function urlTemplateProblem(template: string): string | undefined {
  const parts = splitUrl(template);
  if (!parts) return URL_SHAPE;
  // "//host/…" is a URL of another host to a URL parser, whatever this server makes of it.
  if (/^[/\\]{2}/.test(parts.path) && !parts.origin) return 'a path on this server starts with a single /; another host needs http:// or https://';
  if (hasPlaceholder(parts.origin)) return 'the scheme, host and port of the URL cannot hold {{variables}}: only its path, query and fragment can';
  return undefined;
}

/** A path segment that would be dropped or climb up when the URL is resolved. */
const isDotOrEmpty = (segment: string) => ['', '.', '..'].includes(segment.replace(/%2e/gi, '.'));

/**
 * The URL of a call: each placeholder in the path becomes one path segment's text
 * (encodeURIComponent: "/", "?", "#" and "%" are encoded), in the query one key's or value's,
 * in the fragment the fragment's. A segment with a placeholder that comes out empty, "." or
 * ".." is refused: it would change the route.
 */
export function fillUrl(template: string, variables: Variables): Filled<string> {
  const problem = urlTemplateProblem(template);
  if (problem) return { ok: false, error: `url: ${problem}` };
  const parts = splitUrl(template)!;
  const segments: string[] = [];
  for (const segment of parts.path.split('/')) {
    const filled = fillWith(segment, variables, encodeURIComponent);
    if (hasPlaceholder(segment) && isDotOrEmpty(filled)) {
      return { ok: false, error: `url: the path segment "${segment}" came out as "${filled}", which is not a segment` };
    }
    segments.push(filled);
  }
  let url = parts.origin + segments.join('/');
  if (parts.query !== undefined) {
    const pairs = parts.query.split('&').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return fillWith(pair, variables, encodeURIComponent);
      return `${fillWith(pair.slice(0, eq), variables, encodeURIComponent)}=${fillWith(pair.slice(eq + 1), variables, encodeURIComponent)}`;
    });
    url += `?${pairs.join('&')}`;
  }
  if (parts.fragment !== undefined) url += `#${fillWith(parts.fragment, variables, encodeURIComponent)}`;
  if (parts.origin) {
    // What fetch will parse: still http(s), still the origin the flow names.
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return { ok: false, error: 'url: not an http(s) URL' };
  }
  return { ok: true, value: url };
}

// ---------------------------------------------------------------------------------------
// Headers

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Line breaks and the other control characters a header value cannot hold (a tab can). */
const HEADER_UNSAFE = /[\0-\x08\x0a-\x1f\x7f]/g;

const isContentType = (name: string) => name.toLowerCase() === 'content-type';

/** Why a header cannot be used, for the flow's validation. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return 'a header name is letters, digits and !#$%&\'*+.^_`|~-';
  if (new RegExp(HEADER_UNSAFE.source).test(value)) return 'a header value cannot hold line breaks or control characters';
  if (isContentType(name) && hasPlaceholder(value)) return 'Content-Type cannot hold {{variables}}: it decides how the body is encoded';
  return undefined;
}

/** A header value with its placeholders filled and line breaks (and other controls) removed. */
export function fillHeaderValue(template: string, variables: Variables): string {
  return fillWith(template, variables, (v) => v).replace(HEADER_UNSAFE, '');
}

// ---------------------------------------------------------------------------------------
// Bodies

export type BodyKind = 'json' | 'form' | 'text' | 'other';

function contentTypeOf(headers: Readonly<Record<string, string>>): string | undefined {
  const entry = Object.entries(headers).find(([name]) => isContentType(name));
  return entry?.[1];
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/**
 * Private-use characters around a placeholder's number: what a placeholder stands as while
 * the template is parsed. A template holding them itself is refused.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const KEY_END_HERE = /\s*:/y;
const NUMBER_HERE = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const SENTINEL = /\uE000(\d+)\uE001/g;

interface JsonTemplate {
  /** The template parsed, each placeholder a sentinel inside a string. */
  data: unknown;
  /** Placeholder number → variable name. */
  names: string[];
  /** Placeholders standing as a whole JSON value (`{"qty": {{qty}}}`), by variable name. */
  bare: string[];
  /** Placeholders inside an object key. */
  inKeys: string[];
  /** Integer literals a JavaScript number cannot hold exactly. */
  unsafeNumbers: string[];
}

/**
 * Reads a body template as JSON with each placeholder standing for a string: inside a JSON
 * string it becomes part of that string; standing alone it is read as a string of its own.
 * Undefined when the template is not JSON that way.
 */
function parseJsonTemplate(template: string): JsonTemplate | undefined {
  if (template.includes(OPEN) || template.includes(CLOSE) || /\\u[eE]00[01]/.test(template)) return undefined;
  const names: string[] = [];
  const bare: string[] = [];
  const inKeys: string[] = [];
  const unsafeNumbers: string[] = [];
  const sentinel = (name: string) => `${OPEN}${names.push(name) - 1}${CLOSE}`;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '"') {
      // A JSON string: up to the next unescaped quote.
      let j = i + 1;
      while (j < template.length && template[j] !== '"') j += template[j] === '\\' ? 2 : 1;
      const literal = template.slice(i, j + 1);
      KEY_END_HERE.lastIndex = j + 1;
      const isKey = KEY_END_HERE.test(template);
      out += literal.replace(PLACEHOLDER, (_, name: string) => {
        if (isKey) inKeys.push(name);
        return sentinel(name);
      });
      i = j + 1;
      continue;
    }
    PLACEHOLDER_HERE.lastIndex = i;
    const placeholder = ch === '{' ? PLACEHOLDER_HERE.exec(template) : null;
    if (placeholder) {
      bare.push(placeholder[1]!);
      out += `"${sentinel(placeholder[1]!)}"`;
      i += placeholder[0].length;
      continue;
    }
    NUMBER_HERE.lastIndex = i;
    const number = NUMBER_HERE.exec(template);
    if (number) {
      if (!number[1] && !number[2] && !Number.isSafeInteger(Number(number[0]))) unsafeNumbers.push(number[0]);
      out += number[0];
      i += number[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  try {
    return { data: JSON.parse(out) as unknown, names, bare, inKeys, unsafeNumbers };
  } catch {
    return undefined;
  }
}

/** An object or an array: what an unlabelled body must be to be taken for JSON. */
const isStructure = (data: unknown) => data !== null && typeof data === 'object';

/**
 * How a body is encoded: by its Content-Type header when it has one (JSON for
 * application/json and any +json type, form for application/x-www-form-urlencoded, text for
 * text/plain, other for the rest); without one, JSON when the template is a JSON object or
 * array, text otherwise.
 */
export function bodyKind(template: string, headers: Readonly<Record<string, string>>): BodyKind {
  const contentType = contentTypeOf(headers);
  if (contentType === undefined) {
    const json = parseJsonTemplate(template);
    return json && isStructure(json.data) ? 'json' : 'text';
  }
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'text/plain') return 'text';
  return 'other';
}

/** Why a body template cannot be used with these headers, for the flow's validation. */
export function bodyTemplateProblem(template: string, headers: Readonly<Record<string, string>>): string | undefined {
  const kind = bodyKind(template, headers);
  if (kind === 'json') {
    const json = parseJsonTemplate(template);
    if (!json) return 'the Content-Type is JSON but the body is not JSON (a {{variable}} goes inside a JSON string: "{{name}}")';
    if (json.bare.length) {
      return `{{${json.bare[0]}}} stands as a whole JSON value; put it inside a JSON string ("{{${json.bare[0]}}}"): a visitor's answer is always a string`;
    }
    if (json.inKeys.length) return `{{${json.inKeys[0]}}} is in a JSON key; only values can hold {{variables}}`;
    if (json.unsafeNumbers.length) return `the number ${json.unsafeNumbers[0]} cannot be sent exactly; write it as a string`;
    return undefined;
  }
  if (kind === 'text' && contentTypeOf(headers) === undefined && /^\s*(\[|\{(?!\{))/.test(template)) {
    return 'the body looks like JSON but is not JSON (a {{variable}} goes inside a JSON string: "{{name}}"); for text, set Content-Type: text/plain';
  }
  if (kind === 'other' && hasPlaceholder(template)) {
    return 'a body with {{variables}} is JSON, application/x-www-form-urlencoded or text/plain: other content types cannot be encoded';
  }
  return undefined;
}

function fillJson(data: unknown, names: readonly string[], variables: Variables): unknown {
  const fill = (text: string) => text.replace(SENTINEL, (_, n: string) => wellFormed(variables[names[Number(n)]!] ?? ''));
  if (typeof data === 'string') return fill(data);
  if (Array.isArray(data)) return data.map((item) => fillJson(item, names, variables));
  if (data !== null && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, fillJson(value, names, variables)]));
  }
  return data;
}

export interface FilledBody {
  body: string;
  /** The Content-Type to send when the flow names none. */
  contentType?: string;
}

/**
 * The body of a call. JSON is built as data: the template parsed, each placeholder's value
 * put into its string, the result serialized, so a value cannot add keys or leave its
 * string (a placeholder standing as a whole value is filled as a string). A form body gets
 * each key and value form-encoded; a text/plain body is filled as it is.
 */
export function fillBody(template: string, headers: Readonly<Record<string, string>>, variables: Variables): Filled<FilledBody> {
  const labelled = contentTypeOf(headers) !== undefined;
  switch (bodyKind(template, headers)) {
    case 'json': {
      const json = parseJsonTemplate(template);
      if (!json) return { ok: false, error: 'body: the Content-Type is JSON but the body is not JSON' };
      if (json.inKeys.length) return { ok: false, error: 'body: a {{variable}} in a JSON key' };
      const body = JSON.stringify(fillJson(json.data, json.names, variables));
      return { ok: true, value: labelled ? { body } : { body, contentType: 'application/json' } };
    }
    case 'form': {
      const body = template
        .split('&')
        .map((pair) => pair.split('=').map((part) => fillWith(part, variables, encodeURIComponent)).join('='))
        .join('&');
      return { ok: true, value: { body } };
    }
    case 'text': {
      const body = fillWith(template, variables, (v) => v);
      return { ok: true, value: labelled ? { body } : { body, contentType: 'text/plain;charset=UTF-8' } };
    }
    case 'other':
      if (hasPlaceholder(template)) return { ok: false, error: 'body: {{variables}} in a body that is neither JSON, form nor text/plain' };
      return { ok: true, value: { body: template } };
  }
}

// ---------------------------------------------------------------------------------------

/** The HTTP call of an api_fetch step with the session's variables, or why it cannot be made. */
export function buildRequest(api: ApiFetchConfig, variables: Variables): Filled<FetchRequest> {
  const url = fillUrl(api.url, variables);
  if (!url.ok) return url;
  for (const [name, value] of Object.entries(api.headers)) {
    if (isContentType(name) && hasPlaceholder(value)) return { ok: false, error: `headers: ${headerProblem(name, value)}` };
  }
  const headers = Object.fromEntries(Object.entries(api.headers).map(([name, value]) => [name, fillHeaderValue(value, variables)]));
  const request: FetchRequest = { url: url.value, method: api.method, headers, timeout_ms: api.timeout_ms };
  if (api.body !== undefined) {
    const body = fillBody(api.body, api.headers, variables);
    if (!body.ok) return body;
    request.body = body.value.body;
    if (body.value.contentType && api.method !== 'GET') request.headers = { ...headers, 'Content-Type': body.value.contentType };
  }
  return { ok: true, value: request };
}
