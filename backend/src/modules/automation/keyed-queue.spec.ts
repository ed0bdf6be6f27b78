import { Coalescer } from './coalescer';
import { KeyedQueue } from './keyed-queue';

/** A promise resolved from outside: the job or the query "finishes" when the test says so. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedQueue', () => {
  it('should run at most `concurrency` jobs at once when a burst arrives', async () => {
    const q = new KeyedQueue(2, () => undefined);
    const gates = [gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    gates.forEach((g, i) =>
      q.push(`deal-${i}`, async () => {
        most = Math.max(most, ++running);
        await g.wait;
        running--;
      }),
    );
    await tick();
    expect(running).toBe(2);
    gates.forEach((g) => g.open());
    await q.idle();
    expect(most).toBe(2);
    expect(q.pending).toBe(0);
  });

  it('should run one deal’s jobs one at a time, in order, when other deals go ahead', async () => {
    const q = new KeyedQueue(4, () => undefined);
    const order: string[] = [];
    const first = gate();
    q.push('a', async () => {
      await first.wait;
      order.push('a1');
    });
    q.push('a', async () => void order.push('a2'));
    q.push('b', async () => void order.push('b1'));
    await tick();
    expect(order).toEqual(['b1']);
    first.open();
    await q.idle();
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('should report a failed job and go on when a job throws', async () => {
    const errors: unknown[] = [];
    const q = new KeyedQueue(1, (err) => errors.push(err));
    const ran: string[] = [];
    q.push('a', async () => {
      throw new Error('boom');
    });
    q.push('a', async () => void ran.push('a2'));
    await q.idle();
    expect(errors).toHaveLength(1);
    expect(ran).toEqual(['a2']);
  });
});

describe('Coalescer', () => {
  it('should send one batch for the calls made while earlier ones are in flight', async () => {
    const batches: string[][] = [];
    const inFlight = gate();
    const c = new Coalescer<string, string>(async (keys) => {
      batches.push(keys);
      if (batches.length === 1) await inFlight.wait;
      return (k) => k.toUpperCase();
    }, 1);
    const first = c.load('a');
    const rest = [c.load('b'), c.load('c')];
    expect(batches).toEqual([['a']]);
    inFlight.open();
    expect(await first).toBe('A');
    expect(await Promise.all(rest)).toEqual(['B', 'C']);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('should reject every caller of a batch when its query fails', async () => {
    const c = new Coalescer<string, string>(async () => {
      throw new Error('down');
    });
    await expect(c.load('a')).rejects.toThrow('down');
  });
});
