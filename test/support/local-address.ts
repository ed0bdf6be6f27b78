import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * A second address of this machine that is not loopback, so a test can be "another machine" to
 * a server listening on 0.0.0.0: a veth pair with one /32 from 198.18.0.0/15 (RFC 2544, for
 * benchmarking; routed nowhere), removed by `remove()`. Needs root (CAP_NET_ADMIN), as CI has.
 */
export interface LocalAddress {
  address: string;
  remove(): void;
}

export function addLocalAddress(): LocalAddress {
  if (process.getuid?.() !== 0) throw new Error('this test needs root: it adds a veth address to act as another machine');
  const id = randomBytes(3).toString('hex');
  const a = `cbt${id}a`;
  const b = `cbt${id}b`;
  const address = `198.18.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b);
  try {
    ip('addr', 'add', `${address}/32`, 'dev', a);
    ip('link', 'set', a, 'up');
    ip('link', 'set', b, 'up');
  } catch (err) {
    ip('link', 'del', a);
    throw err;
  }
  let removed = false;
  return {
    address,
    remove: () => {
      if (removed) return;
      removed = true;
      ip('link', 'del', a); // takes its peer with it
    },
  };
}
