import { describe, expect, it } from 'vitest';
import { bodyKind, bodyTemplateProblem, buildRequest, fillBody, fillHeaderValue, fillUrl, headerProblem, urlTemplateProblem } from './request-template.js';
import type { ApiFetchConfig } from './types.js';

const url = (template: string, v: string, more: Record<string, string> = {}) => fillUrl(template, { v, ...more });
const ok = <T>(value: T) => ({ ok: true, value });

describe('URL templates', () => {
  it.each([
    // A path segment: one segment, whatever the value holds.
    ['/demo/api/orders/{{v}}', 'NW-1001', '/demo/api/orders/NW-1001'],
    ['/demo/api/orders/{{v}}', '../../../healthz', '/demo/api/orders/..%2F..%2F..%2Fhealthz'],
    ['/demo/api/orders/{{v}}', 'x?role=admin#', '/demo/api/orders/x%3Frole%3Dadmin%23'],
    ['/demo/api/orders/{{v}}', '%2e%2e', '/demo/api/orders/%252e%252e'],
    ['/demo/api/orders/{{v}}', 'a\\b', '/demo/api/orders/a%5Cb'],
    ['/demo/api/orders/{{v}}', 'Zoë 名', '/demo/api/orders/Zo%C3%AB%20%E5%90%8D'],
    ['/demo/api/orders/{{v}}', '\uD800x', '/demo/api/orders/%EF%BF%BDx'],
    ['/orders/{{v}}.json', '..', '/orders/...json'],
    ['/orders/{{ v }}/items/', 'A 1', '/orders/A%201/items/'],
    ['https://api.example.com/orders/{{v}}', '@evil.example', 'https://api.example.com/orders/%40evil.example'],
    ['https://api.example.com:8443/v1/{{v}}', '//evil.example', 'https://api.example.com:8443/v1/%2F%2Fevil.example'],
    // The query: keys and values.
    ['/search?q={{v}}&lang=en', 'beans&lang=xx', '/search?q=beans%26lang%3Dxx&lang=en'],
    ['/search?q={{v}}', 'a+b c=d', '/search?q=a%2Bb%20c%3Dd'],
    ['/search?{{v}}=1', 'a=b&c', '/search?a%3Db%26c=1'],
    ['/search?flag&q={{v}}', '#x', '/search?flag&q=%23x'],
    ['https://api.example.com?q={{v}}', '/../x', 'https://api.example.com?q=%2F..%2Fx'],
    // The fragment.
    ['/page#{{v}}', 'a#b?c', '/page#a%23b%3Fc'],
    // Literal text of the template stays as the owner wrote it.
    ['/a%20b/{{v}}?x=1%2C2', 'y', '/a%20b/y?x=1%2C2'],
  ])('%s with %j → %s', (template, v, expected) => {
    expect(url(template, v)).toEqual(ok(expected));
  });

  it.each([
    ['/demo/api/orders/{{v}}', '.'],
    ['/demo/api/orders/{{v}}', '..'],
    ['/demo/api/orders/{{v}}/items', ''],
    ['/demo/api/orders/{{v}}%2E', '.'],
    ['/demo/api/{{v}}{{w}}', '.'],
  ])('refuses %s with %j: the segment would be dropped or climb up', (template, v) => {
    const r = url(template, v, { w: '.' });
    expect(r.ok).toBe(false);
  });

  it.each([
    'https://{{v}}/orders',
    'https://api.{{v}}.example.com/orders',
    'https://api.example.com:{{v}}/orders',
    'https://user:{{v}}@api.example.com/orders',
    'http://{{v}}',
    'https://api.example.com{{v}}/x',
  ])('refuses a {{variable}} in the origin of %s, when saved and when called', (template) => {
    expect(urlTemplateProblem(template)).toMatch(/scheme, host and port/);
    expect(url(template, 'evil.example').ok).toBe(false);
  });

  it.each(['//evil.example/{{v}}', '/\\evil.example/x'])('refuses %s: a URL parser reads another host in it', (template) => {
    expect(urlTemplateProblem(template)).toMatch(/single \//);
    expect(url(template, 'x').ok).toBe(false);
  });

  it.each(['/orders/{{id}}', 'https://api.example.com/orders/{{id}}?q={{q}}#{{f}}', 'http://localhost:8080/x'])('accepts %s', (template) => {
    expect(urlTemplateProblem(template)).toBeUndefined();
  });
});

describe('headers', () => {
  it.each([
    ['Bearer {{v}}', 'abc', 'Bearer abc'],
    ['{{v}}', 'Ada\r\nX-Admin: 1', 'AdaX-Admin: 1'],
    ['{{v}}', 'a\nb\rc\0d\x7fe\tf', 'abcde\tf'],
  ])('%j with %j → %j', (template, v, expected) => {
    expect(fillHeaderValue(template, { v })).toBe(expected);
  });

  it.each([
    ['X-Order', '{{id}}', undefined],
    ['Content-Type', 'application/json', undefined],
    ['Content-Type', '{{type}}', /Content-Type cannot hold/],
    ['content-type', 'application/{{type}}', /Content-Type cannot hold/],
    ['X Bad', 'v', /header name/],
    ['X-Ok', 'a\r\nX-Admin: 1', /line breaks/],
  ])('checks %s: %j', (name, value, problem) => {
    const found = headerProblem(name, value);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });
});

describe('body templates', () => {
  const json = { 'Content-Type': 'application/json' };
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const text = { 'Content-Type': 'text/plain' };

  it.each([
    ['{"a": "{{v}}"}', {}, 'json'],
    ['[1, "{{v}}"]', {}, 'json'],
    ['{"a": {{v}}}', {}, 'json'],
    ['hello {{v}}', {}, 'text'],
    ['{{v}}', {}, 'text'],
    ['"{{v}}"', {}, 'text'],
    ['a={{v}}', form, 'form'],
    ['anything', json, 'json'],
    ['{"a": 1}', { 'content-type': 'application/vnd.api+json; charset=utf-8' }, 'json'],
    ['{"a": 1}', text, 'text'],
    ['<a>{{v}}</a>', { 'Content-Type': 'application/xml' }, 'other'],
  ])('takes %j with %j for %s', (template, headers, kind) => {
    expect(bodyKind(template, headers)).toBe(kind);
  });

  it.each([
    // The answer of the issue: it stays one string value.
    ['{"name": "{{v}}", "role": "user"}', '", "role": "admin', { name: '", "role": "admin', role: 'user' }],
    ['{"name": "{{v}}"}', '"}, "role": "admin", "x": {"', { name: '"}, "role": "admin", "x": {"' }],
    ['{"n": "{{v}}"}', '\\', { n: '\\' }],
    ['{"n": "{{v}}"}', '\\"', { n: '\\"' }],
    ['{"n": "{{v}}"}', 'line\nbreak\u2028', { n: 'line\nbreak\u2028' }],
    ['{"n": "{{v}}"}', '\uDC00', { n: '\uFFFD' }],
    ['{"n": "{{v}}"}', '\uE000' + '0\uE001', { n: '\uE000' + '0\uE001' }],
    ['{"n": "Dear {{v}}, order {{missing}}."}', 'Ada', { n: 'Dear Ada, order .' }],
    ['{"deep": [{"x": ["{{v}}", 2, true, null]}]}', '{{v}}', { deep: [{ x: ['{{v}}', 2, true, null] }] }],
    ['{"escaped": "a\\"b {{v}}"}', 'c', { escaped: 'a"b c' }],
    // A whole-value placeholder of a flow stored before those were refused: a string.
    ['{"qty": {{v}}}', '1, "role": "admin"', { qty: '1, "role": "admin"' }],
    ['[{{v}}]', ']', [']']],
  ])('builds %s with %j as data', (template, v, expected) => {
    const r = fillBody(template, json, { v });
    expect(r.ok).toBe(true);
    expect(JSON.parse(r.ok ? r.value.body : 'null')).toEqual(expected);
  });

  it('labels an unlabelled JSON body as JSON and an unlabelled text body as text', () => {
    expect(fillBody('{"a": "{{v}}"}', {}, { v: 'x' })).toEqual(ok({ body: '{"a":"x"}', contentType: 'application/json' }));
    expect(fillBody('Hi {{v}}', {}, { v: '{"x":1}' })).toEqual(ok({ body: 'Hi {"x":1}', contentType: 'text/plain;charset=UTF-8' }));
    expect(fillBody('{"a": "{{v}}"}', json, { v: 'x' })).toEqual(ok({ body: '{"a":"x"}' }));
  });

  it.each([
    ['name={{v}}&role=user', 'a&role=admin', 'name=a%26role%3Dadmin&role=user'],
    ['{{v}}=1', 'x=y', 'x%3Dy=1'],
    ['q={{v}}', 'a b+c', 'q=a%20b%2Bc'],
  ])('form-encodes %s with %j', (template, v, expected) => {
    expect(fillBody(template, form, { v })).toEqual(ok({ body: expected }));
  });

  it('fills a text/plain body as it is', () => {
    expect(fillBody('Visitor: {{v}}', text, { v: '"}&x=1' })).toEqual(ok({ body: 'Visitor: "}&x=1' }));
  });

  it.each([
    ['{"qty": {{qty}}}', json, /\{\{qty\}\} stands as a whole JSON value/],
    ['{"qty": {{qty}}}', {}, /\{\{qty\}\} stands as a whole JSON value/],
    ['{"{{k}}": "v"}', json, /in a JSON key/],
    ['{"id": 12345678901234567890}', json, /cannot be sent exactly/],
    ['not json {{v}}', json, /not JSON/],
    ['{"a": "\\ue000"}', json, /not JSON/],
    ['<a>{{v}}</a>', { 'Content-Type': 'application/xml' }, /other content types/],
    ['{"a": "{{v}}",}', {}, /looks like JSON but is not JSON/],
    ['[{{v}} {{w}}]', {}, /looks like JSON but is not JSON/],
  ])('refuses %s with %j when the flow is saved', (template, headers, problem) => {
    expect(bodyTemplateProblem(template, headers)).toMatch(problem);
  });

  it.each([
    ['{"a": "{{v}}", "n": 1.5, "big": 9007199254740991}', json],
    ['{"a": "{{v}}"}', {}],
    ['a={{v}}', form],
    ['Hi {{v}}', {}],
    ['{{v}} and more', {}],
    ['{"a": "{{v}}",}', text],
    ['<a>fixed</a>', { 'Content-Type': 'application/xml' }],
  ])('accepts %s with %j', (template, headers) => {
    expect(bodyTemplateProblem(template, headers)).toBeUndefined();
  });

  it('refuses at call time what a stored flow could still hold', () => {
    expect(fillBody('{"{{k}}": 1}', json, { k: 'role' }).ok).toBe(false);
    expect(fillBody('not json', json, {}).ok).toBe(false);
    expect(fillBody('<a>{{v}}</a>', { 'Content-Type': 'application/xml' }, { v: '</a>' }).ok).toBe(false);
  });
});

describe('buildRequest', () => {
  const api: ApiFetchConfig = {
    url: '/demo/api/orders/{{id}}',
    method: 'POST',
    headers: { 'X-Order': '{{id}}' },
    body: '{"id": "{{id}}"}',
    timeout_ms: 1_000,
    response_mapping: {},
    error_message: 'no',
    on_error: 'end',
  };

  it('builds every part of the call', () => {
    expect(buildRequest(api, { id: 'A/1' })).toEqual({
      ok: true,
      value: {
        url: '/demo/api/orders/A%2F1',
        method: 'POST',
        headers: { 'X-Order': 'A/1', 'Content-Type': 'application/json' },
        body: '{"id":"A/1"}',
        timeout_ms: 1_000,
      },
    });
  });

  it('adds no Content-Type to a GET, which is sent without its body', () => {
    expect(buildRequest({ ...api, method: 'GET' }, { id: '1' })).toMatchObject({ ok: true, value: { headers: { 'X-Order': '1' } } });
  });

  it('refuses a templated Content-Type of a stored flow', () => {
    expect(buildRequest({ ...api, headers: { 'Content-Type': '{{id}}' } }, { id: 'application/xml' }).ok).toBe(false);
  });
});
