/**
 * Test ports, away from the demo's 5060/8088/8448: each jest worker gets its own block of 400
 * so test files running in parallel never collide (offset < 200, n < 200).
 */
export function portBlock(offset = 0): (n: number) => number {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const base = 21000 + ((worker - 1) % 20) * 400 + offset;
  return (n: number) => base + n;
}
