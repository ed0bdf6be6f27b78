import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/**
 * Resolves with the first match of `pattern` in `file` as soon as a write makes it appear
 * (fs.watch on the folder, so the file may not exist yet); rejects after `timeoutMs`.
 */
export function waitForLine(file: string, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: Error | null, match?: RegExpMatchArray) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watcher.close();
      if (err) reject(err);
      else resolve(match!);
    };
    const check = async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      const match = text.match(pattern);
      if (match) finish(null, match);
    };
    const watcher = watch(dirname(file), (_event, name) => {
      if (!name || name === basename(file)) void check();
    });
    const timer = setTimeout(async () => {
      const text = await readFile(file, 'utf8').catch(() => '(no file)');
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} in ${file}:\n${text.slice(-2000)}`));
    }, timeoutMs);
    void check();
  });
}
