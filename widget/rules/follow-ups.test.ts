import { describe, expect, it } from 'vitest';
import type { QuickPrompt } from '../../shared/index.js';
import { bubbles, botMessage, text, visitorMessage } from '../testing/messages.js';
import { followUpsAfter } from './follow-ups.js';

const owner: QuickPrompt[] = [
  { id: 'hours', title: 'Opening hours', description: 'When are you open?', link: null },
  { id: 'faq', title: 'FAQ', description: null, link: 'https://help.example.com' },
];
const asked = visitorMessage(2, { name: 'message', payload: { body: 'Do you sell beans?' } });

describe('follow-ups after a bot answer', () => {
  it("offers the owner's follow-up prompts after a bot answer in words", () => {
    expect(followUpsAfter([text(1, 'Hi!'), asked, text(3, 'Yes, six kinds.')], owner)).toEqual(owner);
  });

  it("prefers the answer's own follow-up questions", () => {
    const answer = botMessage(3, { name: 'message', payload: { body: 'Yes.', follow_ups: ['Which kinds?'] } });
    expect(followUpsAfter([asked, answer], owner)).toEqual(['Which kinds?']);
  });

  it('offers none on the greeting, under a choice, a form, an agent or the visitor', () => {
    expect(followUpsAfter([text(1, 'Hi!')], owner)).toBeUndefined();
    expect(followUpsAfter([asked, bubbles(3)], owner)).toBeUndefined();
    const form = botMessage(3, { name: 'message', payload: { body: 'Your details', form: { fields: [{ name: 'email', label: 'Email', type: 'email', required: true }] } } });
    expect(followUpsAfter([asked, form], owner)).toBeUndefined();
    expect(followUpsAfter([asked, { ...text(3, 'Hello, Ana here.'), author: 'agent' }], owner)).toBeUndefined();
    expect(followUpsAfter([text(1, 'Hi!'), asked], owner)).toBeUndefined();
    expect(followUpsAfter([asked, text(3, 'Yes.')], [])).toBeUndefined();
  });

  it('keeps them under the answer when instructions follow it', () => {
    const update = botMessage(4, { name: 'contact_update', payload: { name: 'Zoe' } });
    expect(followUpsAfter([asked, text(3, 'Yes.'), update], owner)).toEqual(owner);
  });
});
