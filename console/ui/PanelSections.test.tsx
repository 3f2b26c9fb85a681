import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelSection } from '../../shared/agent-events.js';
import { PanelSections } from './PanelSections.js';

afterEach(cleanup);

const sections: PanelSection[] = [
  {
    id: 'order',
    label: 'Order',
    columns: 2,
    collapsible: false,
    defaultCollapsed: false,
    fields: [
      { key: 'order_id', label: 'Order number', value: '1042', displayType: 'text', color: 'default' },
      { key: 'status', label: 'Status', value: 'Shipped', displayType: 'badge', color: 'success' },
      { key: 'plan', label: 'Plan', value: 'Wholesale', displayType: 'tag', color: 'info' },
      { key: 'coupon', label: 'Coupon', value: null, displayType: 'text', color: 'default' },
    ],
  },
  {
    id: 'internal',
    label: 'Internal',
    columns: 1,
    collapsible: true,
    defaultCollapsed: true,
    fields: [{ key: 'risk', label: 'Risk', value: 'High', displayType: 'badge', color: 'error' }],
  },
  {
    id: 'shipping',
    label: 'Shipping',
    columns: 1,
    collapsible: true,
    defaultCollapsed: false,
    fields: [{ key: 'carrier', label: 'Carrier', value: 'DHL', displayType: 'text', color: 'default' }],
  },
];

describe('the contact panel', () => {
  it('lays out the flow’s sections in order, in their columns, collapsible ones as disclosures', () => {
    const { container } = render(<PanelSections sections={sections} />);
    const shown = [...container.querySelectorAll<HTMLElement>('[data-section]')];
    expect(shown.map((s) => s.dataset.section)).toEqual(['order', 'internal', 'shipping']);
    expect(shown.map((s) => s.tagName)).toEqual(['SECTION', 'DETAILS', 'DETAILS']);
    expect(shown[0]!.querySelector('dl')!.className).toBe('fields columns-2');
    expect(shown[1]!.querySelector('dl')!.className).toBe('fields columns-1');
    // Collapsed by default, or not.
    expect((shown[1] as HTMLDetailsElement).open).toBe(false);
    expect((shown[2] as HTMLDetailsElement).open).toBe(true);
    expect(shown[1]!.querySelector('summary')!.textContent).toBe('Internal');
  });

  it('shows each field as text, a badge or a tag, in its color; an empty one as a dash', () => {
    render(<PanelSections sections={sections} />);
    const order = screen.getByRole('region', { name: 'Order' });
    const value = (label: string) => within(order).getByText(label).nextElementSibling!.firstElementChild!;
    expect(value('Status').className).toBe('badge color-success');
    expect(value('Plan').className).toBe('tag color-info');
    expect(value('Order number').className).toBe('field-text');
    expect(value('Coupon').textContent).toBe('—');
    expect(within(order).getAllByRole('term').map((t) => t.textContent)).toEqual(['Order number', 'Status', 'Plan', 'Coupon']);
  });
});
