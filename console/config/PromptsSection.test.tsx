import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PromptsSection } from './PromptsSection.js';
import { fakeServer } from './testing/fake-server.js';
import { settingsFixture } from './testing/settings-fixture.js';

afterEach(cleanup);

describe('quick prompts and personas', () => {
  it('shows a prompt without a message or link refused at its title, and saves the prompts and a persona without its emptied avatar', async () => {
    const settings = settingsFixture({ personas: [{ id: 'p1', name: 'Mia', avatar: 'https://cdn.shop.test/mia.png', system_prompt: 'Be kind.' }] });
    const server = fakeServer((call) => {
      const prompts = call.body?.quick_prompts as Array<{ description: string | null; link: string | null }> | undefined;
      if (prompts?.some((p) => !p.description && !p.link)) return { status: 400, message: 'quick_prompts.0: a quick prompt needs a description or a link' };
      return call.path.includes('dry_run') ? { data: { valid: true } } : { data: { ...settings, ...call.body } };
    });
    const onSaved = vi.fn();
    render(<PromptsSection api={server.api} settings={settings} onSaved={onSaved} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add a quick prompt' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Prompt 1: title' }), { target: { value: 'Track my order' } });
    await waitFor(() => expect(document.getElementById('prompt-0-title-error')?.textContent).toBe('a quick prompt needs a description or a link'), { timeout: 5_000 });

    fireEvent.input(screen.getByRole('textbox', { name: 'Or a link' }), { target: { value: 'https://shop.test/track' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Avatar URL (https)' }), { target: { value: '' } });
    await waitFor(() => expect(document.getElementById('prompt-0-title-error')).toBeNull(), { timeout: 5_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(server.sent('PUT', '/settings')[0]!.body).toEqual({
      quick_prompts: [{ title: 'Track my order', description: null, link: 'https://shop.test/track' }],
      personas: [{ id: 'p1', name: 'Mia', system_prompt: 'Be kind.' }],
    });
  });
});
