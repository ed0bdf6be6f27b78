import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('should never run more than its limit at once and run every task', async () => {
    const sem = new Semaphore(3);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sem.run(async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, i % 3));
          running--;
          done.push(i);
        }),
      ),
    );
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(sem.running).toBe(0);
  });

  it('should free the slot when a task throws', async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(sem.run(async () => 'next')).resolves.toBe('next');
  });
});
