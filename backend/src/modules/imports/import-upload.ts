import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportException } from './imports.exception';

const tooLarge = (max: number) =>
  new ImportException('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.floor(max / 1024 / 1024) || max} ${max >= 1024 * 1024 ? 'MB' : 'bytes'}, the most an import takes`);

/**
 * Streams the multipart field `file` of a request to `<dir>/<id>.upload`, counting bytes as they
 * come: over `maxBytes` the partial file is removed and the answer is 413. A request that says up
 * front (Content-Length) that it is larger is refused before a byte is read.
 */
export async function receiveUpload(req: IncomingMessage, dir: string, id: string, maxBytes: number): Promise<{ path: string; fileName: string; size: number }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  if (!/^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''))) {
    throw new ImportException('IMPORT_FILE_INVALID', 'Send the file as multipart/form-data in the field "file"');
  }
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const path = join(dir, `${id}.upload`);
  let stored: Promise<{ fileName: string; size: number }> | null = null;
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { files: 1, fields: 5, fileSize: maxBytes, parts: 6 } });
  } catch {
    throw new ImportException('IMPORT_FILE_INVALID', 'Send the file as multipart/form-data in the field "file"');
  }
  const done = new Promise<void>((resolve, reject) => {
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || stored) {
        stream.resume();
        return;
      }
      let size = 0;
      let over = false;
      stream.on('limit', () => {
        over = true;
      });
      const counter = new Transform({
        transform(chunk: Buffer, _enc, next) {
          size += chunk.length;
          if (size > maxBytes || over) return next(tooLarge(maxBytes));
          next(null, chunk);
        },
        flush(next) {
          next(over ? tooLarge(maxBytes) : null);
        },
      });
      stored = pipeline(stream, counter, createWriteStream(path, { flags: 'wx', mode: 0o640 })).then(() => ({ fileName: info.filename || 'import', size }));
      stored.catch(reject);
    });
    parser.on('error', (err) => reject(new ImportException('IMPORT_FILE_INVALID', `The upload could not be read: ${String((err as Error).message).slice(0, 100)}`)));
    parser.on('close', () => resolve());
  });
  req.pipe(parser);
  try {
    await done;
    if (!stored) throw new ImportException('IMPORT_FILE_INVALID', 'No file in the field "file"');
    const { fileName, size } = await (stored as Promise<{ fileName: string; size: number }>);
    return { path, fileName: fileName.slice(0, 255), size };
  } catch (err) {
    req.unpipe(parser);
    req.resume();
    await unlink(path).catch(() => undefined);
    throw err;
  }
}
