import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.js';

/** A task the test finishes by hand: no timers, so the order is the queue's, not the clock's. */
function gate() {
  let settle!: { release: () => void; fail: () => void };
  const promise = new Promise<string>((resolve, reject) => {
    settle = { release: () => resolve('done'), fail: () => reject(new Error('task failed')) };
  });
  return { promise, ...settle };
}

/** Lets every promise callback that is ready run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A queue whose tasks record when they start and wait for the test to finish them. */
function harness() {
  const queue = new SerialQueue();
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof gate>>();
  const results = new Map<string, Promise<string>>();
  const submit = (key: string, id: string) => {
    const g = gate();
    gates.set(id, g);
    const result = queue.run(key, () => {
      started.push(id);
      return g.promise;
    });
    results.set(id, result);
    result.catch(() => undefined); // read by the tests that want the rejection
  };
  return { queue, started, gates, results, submit };
}

type Step = [action: 'release' | 'fail', task: string, startedAfter: string[]];

describe('SerialQueue', () => {
  it.each<[string, Array<[key: string, id: string]>, string[], Step[]]>([
    ['one key runs its tasks one at a time, in order', [['a', '1'], ['a', '2'], ['a', '3']], ['1'], [
      ['release', '1', ['1', '2']],
      ['release', '2', ['1', '2', '3']],
    ]],
    ['two keys run at the same time', [['a', '1'], ['b', '2']], ['1', '2'], []],
    ['interleaved keys keep the order within each key only', [['a', '1'], ['b', '2'], ['a', '3'], ['b', '4']], ['1', '2'], [
      ['release', '2', ['1', '2', '4']],
      ['release', '1', ['1', '2', '4', '3']],
    ]],
    ['a failing task does not block the next of its key', [['a', '1'], ['a', '2'], ['a', '3']], ['1'], [
      ['fail', '1', ['1', '2']],
      ['fail', '2', ['1', '2', '3']],
    ]],
    ['a slow key does not hold back a fast one', [['slow', '1'], ['fast', '2'], ['fast', '3'], ['slow', '4']], ['1', '2'], [
      ['release', '2', ['1', '2', '3']],
      ['release', '3', ['1', '2', '3']],
      ['release', '1', ['1', '2', '3', '4']],
    ]],
  ])('%s', async (_, tasks, startedFirst, steps) => {
    const h = harness();
    for (const [key, id] of tasks) h.submit(key, id);
    await settled();
    expect(h.started).toEqual(startedFirst);
    for (const [action, id, startedAfter] of steps) {
      h.gates.get(id)![action]();
      await settled();
      expect(h.started).toEqual(startedAfter);
    }
  });

  it("answers each run with its own task's value or error", async () => {
    const h = harness();
    h.submit('a', 'ok');
    h.submit('a', 'bad');
    h.gates.get('ok')!.release();
    h.gates.get('bad')!.fail();
    await expect(h.results.get('ok')).resolves.toBe('done');
    await expect(h.results.get('bad')).rejects.toThrow('task failed');
  });

  it('rejects the run of a task that throws before its promise, and goes on', async () => {
    const queue = new SerialQueue();
    const thrown = queue.run('a', () => {
      throw new Error('at once');
    });
    await expect(thrown).rejects.toThrow('at once');
    await expect(queue.run('a', async () => 'next')).resolves.toBe('next');
  });

  describe('idle()', () => {
    it('resolves at once when nothing was queued, and again once all has settled', async () => {
      const queue = new SerialQueue();
      await queue.idle();
      await queue.run('a', async () => 1);
      await queue.idle();
    });

    it('waits for every key, for failures, and for tasks queued while it waits', async () => {
      const h = harness();
      h.submit('a', '1');
      h.submit('b', '2');
      let idle = false;
      void h.queue.idle().then(() => (idle = true));

      h.gates.get('2')!.release();
      await settled();
      expect(idle).toBe(false); // key a still runs

      h.submit('a', '3'); // queued after idle() was called
      h.gates.get('1')!.fail();
      await settled();
      expect(h.started).toEqual(['1', '2', '3']);
      expect(idle).toBe(false); // task 3 runs now

      h.gates.get('3')!.release();
      await settled();
      expect(idle).toBe(true);
    });
  });
});
