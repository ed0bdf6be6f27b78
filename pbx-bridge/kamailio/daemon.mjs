// Runs a foreground daemon (Kamailio, rtpengine) as a child: its output goes to a log file
// (and the last lines are kept for error messages), and start-up waits until `ready()` answers.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * @param {{ name: string, bin: string, args: string[], logFile: string, echo?: boolean,
 *   ready: () => Promise<boolean>, timeoutMs: number, notReady: string }} o
 */
export async function startDaemon(o) {
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn(o.bin, o.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const onData = (chunk) => {
    log.write(chunk);
    if (o.echo) process.stderr.write(chunk);
    lines.push(chunk.toString('utf8'));
    if (lines.length > 50) lines.shift();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((res) => child.on('exit', (code) => { log.end(); res(code); }));
  let dead = false;
  exited.then(() => { dead = true; });
  const tail = () => lines.join('');

  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (dead) throw new Error(`${o.name} exited during start-up:\n${tail()}`);
    const ok = await o.ready().catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${o.notReady}:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const stop = async (signal = 'SIGTERM') => {
    if (dead) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { child, pid: child.pid, exited, stop, tail, isDead: () => dead };
}
