import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ENV, type Env, recordingsDir } from '../../config/env';
import { bareSpoolName, readWavHeader, type WavFacts } from './recording-rules';

/** A spool file refused as it is (name, size, header): the media side sent something we do not keep. */
export class SpoolFileRefused extends Error {}
/** The disk (or the recordings folder's file system) is full. */
export class DiskFull extends Error {}

export interface StoredFile {
  /** Relative to RECORDINGS_DIR (what the row keeps). */
  filePath: string;
  sizeBytes: number;
  sha256: string;
  wav: WavFacts;
}

/**
 * The recordings folder on disk: `spool/` where the media side writes, `YYYY/MM/<id>.wav` where
 * kept files live. Names from the spool are untrusted; paths in rows are checked to stay inside.
 */
@Injectable()
export class RecordingFiles {
  private readonly logger = new Logger(RecordingFiles.name);
  readonly root: string;
  readonly spool: string;

  constructor(@Inject(ENV) private readonly env: Env) {
    this.root = recordingsDir(env);
    this.spool = join(this.root, 'spool');
  }

  async ensureFolders(): Promise<void> {
    // the folders above keep their usual mode (a recursive mkdir would give them 0750 too, and the
    // state folder must stay traversable for embedded PostgreSQL's own user)
    await mkdir(this.root, { recursive: true });
    await mkdir(this.spool, { recursive: true, mode: 0o750 });
  }

  /**
   * Moves a finished spool file into the store as `<YYYY/MM>/<recordingId>.wav` and computes its
   * SHA-256 from the bytes as stored. Refuses a name that is not bare, a symlink or anything but a
   * regular file, a file over RECORDINGS_MAX_BYTES, and a header that is not a 1- or 2-channel WAV.
   */
  async takeFromSpool(spoolFile: string, recordingId: string, at: Date): Promise<StoredFile> {
    const name = bareSpoolName(spoolFile);
    if (!name) throw new SpoolFileRefused('the spool file name is not a bare .wav name');
    const source = join(this.spool, name);
    const info = await lstat(source).catch((err: NodeJS.ErrnoException) => {
      throw new SpoolFileRefused(err.code === 'ENOENT' ? 'no such spool file' : `cannot read the spool file (${err.code})`);
    });
    if (!info.isFile()) throw new SpoolFileRefused('the spool entry is not a regular file');
    if (info.size > this.env.RECORDINGS_MAX_BYTES) throw new SpoolFileRefused(`the spool file is larger than ${this.env.RECORDINGS_MAX_BYTES} bytes`);
    const wav = await this.header(source, info.size);
    const filePath = join(String(at.getUTCFullYear()), String(at.getUTCMonth() + 1).padStart(2, '0'), `${recordingId}.wav`);
    const target = this.absolute(filePath);
    try {
      await mkdir(dirname(target), { recursive: true, mode: 0o750 });
      await rename(source, target).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EXDEV') throw err;
        // another file system: copy, then drop the spool file
        await pipeline(createReadStream(source), createWriteStream(target, { flags: 'wx', mode: 0o640 }));
        await unlink(source);
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
        await rm(target, { force: true }).catch(() => undefined);
        throw new DiskFull('no space left while storing the recording');
      }
      throw err;
    }
    const sha256 = await this.sha256(filePath);
    return { filePath, sizeBytes: (await stat(target)).size, sha256, wav };
  }

  /** The absolute path of a stored file; throws if a row's path would leave the folder. */
  absolute(filePath: string): string {
    const abs = resolve(this.root, filePath);
    if (!abs.startsWith(this.root + sep) || relative(this.root, abs).startsWith('spool' + sep)) throw new Error(`recording path outside the store: ${filePath}`);
    return abs;
  }

  async sha256(filePath: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(this.absolute(filePath)), hash);
    return hash.digest('hex');
  }

  /** Deletes a stored file; true if it was there, false if it was already missing. */
  async remove(filePath: string): Promise<boolean> {
    try {
      await unlink(this.absolute(filePath));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Size of a stored file, or null when it is missing on disk. */
  async size(filePath: string): Promise<number | null> {
    try {
      return (await stat(this.absolute(filePath))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  stream(filePath: string, range?: { start: number; end: number }) {
    return createReadStream(this.absolute(filePath), range);
  }

  private async header(path: string, size: number): Promise<WavFacts> {
    // O_NOFOLLOW: a symlink swapped in after lstat is refused, not followed
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const head = Buffer.alloc(Math.min(size, 4096));
      await handle.read(head, 0, head.length, 0);
      const facts = readWavHeader(head, size);
      if ('invalid' in facts) throw new SpoolFileRefused(`not a WAV file we keep: ${facts.invalid}`);
      return facts;
    } finally {
      await handle.close();
    }
  }
}
