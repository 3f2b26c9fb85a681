import { cleanup, waitFor } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { afterEach, expect, it, vi } from 'vitest';
import { renderInPanel } from '../testing/render.js';
import { MarkdownText } from './MarkdownText.js';

// The markdown chunk arrives when the test says so.
const chunk = vi.hoisted(() => {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  return { arrive, arrived };
});
vi.mock('./markdown.js', async (importOriginal) => {
  await chunk.arrived;
  return importOriginal();
});

afterEach(cleanup);

it('renders markdown drawn as text while the chunk was on its way, once it has come', async () => {
  // The greeting asks for the chunk; a card next to it is drawn as text before the chunk arrives,
  // and its effect runs only after (as a panel's first render does, effects after paint).
  const greeting = renderInPanel(<MarkdownText text="Welcome to **Northwind**" />);
  let card!: ReturnType<typeof renderInPanel>;
  await act(async () => {
    card = renderInPanel(<MarkdownText text="Mon–Fri **7:00–18:00**" />);
    expect(card.container.querySelector('strong')).toBeNull();
    chunk.arrive();
    await import('./markdown.js');
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  await waitFor(() => expect(greeting.container.querySelector('strong')?.textContent).toBe('Northwind'));
  await waitFor(() => expect(card.container.querySelector('strong')?.textContent).toBe('7:00–18:00'));
});
