import { afterEach, describe, expect, it } from 'vitest';
import { testOptions } from '../testing/options.js';
import { keepPlaced } from './placement.js';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  document.body.innerHTML = '';
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keepPlaced', () => {
  it('appends to the body and puts the same element back when the body is replaced', async () => {
    const host = document.createElement('confab-widget');
    stops.push(keepPlaced(host, testOptions()));
    expect(host.parentElement).toBe(document.body);
    const next = document.createElement('body');
    document.documentElement.replaceChild(next, document.body);
    await settle();
    expect(host.parentElement).toBe(next);
  });

  it('renders inline into the target, and into the new one after a swap', async () => {
    document.body.innerHTML = '<div id="chat"></div>';
    const host = document.createElement('confab-widget');
    stops.push(keepPlaced(host, testOptions({ mode: 'inline', target: '#chat' })));
    expect(host.parentElement?.id).toBe('chat');
    document.body.innerHTML = '<p>no chat here</p>';
    await settle();
    expect(host.isConnected).toBe(false);
    document.body.insertAdjacentHTML('beforeend', '<section id="chat"></section>');
    await settle();
    expect(host.parentElement?.tagName).toBe('SECTION');
  });

  it('ignores an invalid selector and stops when told', async () => {
    const host = document.createElement('confab-widget');
    const stop = keepPlaced(host, testOptions({ mode: 'inline', target: '##' }));
    expect(host.isConnected).toBe(false);
    stop();
    const plain = document.createElement('confab-widget');
    const stopPlain = keepPlaced(plain, testOptions());
    stopPlain();
    plain.remove();
    document.body.append(document.createElement('div'));
    await settle();
    expect(plain.isConnected).toBe(false);
  });
});
