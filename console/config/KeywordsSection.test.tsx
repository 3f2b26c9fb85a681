import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { KeywordsSection } from './KeywordsSection.js';
import { fakeServer } from './testing/fake-server.js';
import type { KeywordRule } from './types.js';

afterEach(cleanup);

const stored = (): KeywordRule & { id: string; created_at?: string } => ({
  id: 'r1',
  name: 'Hours',
  keywords: ['open'],
  match_type: 'contains',
  response_type: 'text',
  response: 'We open at 8.',
  priority: 0,
  enabled: true,
});

function keywordServer() {
  let rules = [stored()];
  return fakeServer((call) => {
    if (call.method === 'GET' && call.path === '/keywords') return { data: { items: rules } };
    if (call.path.includes('dry_run')) return call.body.keywords?.includes('(a+)+') ? { status: 400, message: 'keywords.0: nested quantifiers' } : { data: { valid: true } };
    if (call.method === 'POST' && call.path === '/keywords') {
      const rule = { ...call.body, id: 'r2' };
      rules = [...rules, rule];
      return { status: 201, data: rule };
    }
    if (call.method === 'PUT' && call.path === '/keywords/r1') {
      rules = [{ ...rules[0]!, ...call.body }];
      return { data: rules[0] };
    }
    if (call.path === '/keywords/test') {
      return { data: { answered_by: 'keyword_rule', rule: rules[0], match_type: 'contains', keyword: 'open', reason: 'the message contains "open"' } };
    }
  });
}

describe('keyword rules', () => {
  it('creates a rule from the form: the fields as typed, checked by the server first', async () => {
    const server = keywordServer();
    render(<KeywordsSection api={server.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'New keyword rule' }));
    const form = screen.getByRole('form', { name: 'New keyword rule' });
    const field = (name: string) => within(form).getByRole('textbox', { name });
    fireEvent.input(field('Name'), { target: { value: 'Risky' } });
    fireEvent.input(field('Keywords'), { target: { value: '(a+)+' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Match' }), { target: { value: 'regex' } });
    await waitFor(() => expect(document.getElementById('rule-keywords-error')?.textContent).toBe('nested quantifiers'), { timeout: 5_000 });
    expect(server.calls.filter((c) => c.method === 'POST' && c.path === '/keywords')).toHaveLength(0);

    fireEvent.input(field('Keywords'), { target: { value: 'oat milk\nplant milk\n' } });
    fireEvent.input(field('Response (markdown)'), { target: { value: 'Yes, **oat milk**.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create keyword rule' }));
    await screen.findByRole('button', { name: 'Risky' });
    expect(server.sent('POST', '/keywords')[0]!.body).toEqual({
      name: 'Risky',
      keywords: ['oat milk', 'plant milk'],
      match_type: 'regex',
      response_type: 'text',
      response: 'Yes, **oat milk**.',
      priority: 0,
      enabled: true,
    });
  });

  it('saves an edited rule with PUT, without the fields a GET adds', async () => {
    const server = keywordServer();
    render(<KeywordsSection api={server.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Hours' }));
    const form = screen.getByRole('form', { name: 'Edit keyword rule' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Response (markdown)' }), { target: { value: 'We open at 7.' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Enabled' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');
    const body = server.sent('PUT', '/keywords/r1')[0]!.body;
    expect(body).not.toHaveProperty('id');
    expect(body).toMatchObject({ response: 'We open at 7.', enabled: false, name: 'Hours' });
  });

  it('tests a message: which rule, by which keyword, and why', async () => {
    const server = keywordServer();
    render(<KeywordsSection api={server.api} />);
    await screen.findByRole('button', { name: 'Hours' });
    fireEvent.input(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'When do you open?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(document.querySelector('.tester-result')?.textContent).toContain('Keyword rule: Hours (contains, keyword “open”)'));
    expect(server.sent('POST', '/keywords/test')[0]!.body).toEqual({ message: 'When do you open?' });
    expect(document.querySelector('.tester-result')?.textContent).toContain('Why: the message contains "open"');
  });
});
