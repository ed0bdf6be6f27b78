import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What `SEED_LOGINS_FILE` holds; `npm start` prints it in its banner. */
export interface SeedLogins {
  logins: { email: string; role: string; password: string }[];
  setupPath: string | null;
}

/** Writes the file readable by its owner only (0600), whole or not at all. */
export async function writeSeedLogins(file: string, content: SeedLogins): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600); // the umask cannot widen it, and an older file's mode does not carry over
  await rename(tmp, file);
}
