/**
 * Test ports, away from the demo's 5060/8088/8448: each jest worker gets its own block of 400
 * so test files running in parallel never collide (offset < 200, n < 200).
 */
export function portBlock(offset = 0, first = 21000): (n: number) => number {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  // TEST_PORT_SHIFT moves every block (two checkouts running the same specs at once)
  const base = first + Number(process.env.TEST_PORT_SHIFT ?? 0) + ((worker - 1) % 20) * 400 + offset;
  return (n: number) => base + n;
}

/**
 * Ranges by user (blocks of 400 per jest worker from `first`): the stub-based telephony specs
 * 21000+ (offsets 0/100/200), full-path.spec.ts 17000+, the call-to-card bench 19600+.
 * All below the kernel's ephemeral range (32768+).
 */
export const PORT_RANGES = { stubSpecs: 21000, fullPath: 17000, bench: 19600 } as const;
