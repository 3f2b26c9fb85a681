import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotView, OwnerApi } from './owner-api.js';
import { BotsView } from './BotsView.js';

afterEach(cleanup);

/** The console API as the owner's bots list uses it, over a list kept here. */
function fakeApi(bots: BotView[]): OwnerApi {
  return {
    async request(method: string, path: string) {
      if (method === 'GET' && path === '/api/console/bots') return [...bots];
      const id = /^\/api\/console\/bots\/(.+)$/.exec(path)?.[1];
      if (method === 'DELETE' && id) {
        bots.splice(
          bots.findIndex((b) => b.id === id),
          1,
        );
        return undefined;
      }
      throw new Error(`unexpected ${method} ${path}`);
    },
  } as unknown as OwnerApi;
}

describe("the owner's bots", () => {
  it('says there are none yet, and says it again once the last one is deleted after the confirm', async () => {
    const bots: BotView[] = [{ id: 'b1', key: 'help-desk', name: 'Help Desk', created_at: '2026-12-01T00:00:00.000Z' }];
    render(<BotsView api={fakeApi(bots)} server="https://chat.example.com" onOpen={() => undefined} />);
    await screen.findByRole('list', { name: 'Bots' });
    expect(screen.queryByText(/No bots yet/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete Help Desk' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete for good' }));
    await screen.findByText('No bots yet: create the first one below.');
    expect(screen.queryByRole('list', { name: 'Bots' })).toBeNull();
    expect(bots).toEqual([]);
  });
});
