import { Hono } from 'hono';

/** A tiny order service for the demo bot's order-tracking flow (its api_fetch step calls it). */
const orders: Record<string, { status: string; item: string; detail: string }> = {
  'NW-1001': { status: 'shipped', item: 'Morning Fog, 2 × 250 g', detail: 'It should arrive within 2 business days.' },
  'NW-1002': { status: 'being roasted', item: 'Harbour Dark, 1 kg', detail: 'It ships tomorrow morning.' },
  'NW-1003': { status: 'delivered', item: 'Espresso No. 7, 500 g', detail: 'Enjoy!' },
};

export function demoApi() {
  const app = new Hono();
  app.get('/orders/:id', (c) => {
    const id = c.req.param('id').trim().toUpperCase();
    const order = orders[id];
    if (!order) return c.json({ status: 'error', message: `no order ${id}` }, 404);
    return c.json({ id, ...order });
  });
  return app;
}
