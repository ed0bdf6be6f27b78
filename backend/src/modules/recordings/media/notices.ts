import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Language } from '@callboard/contracts';

/** The notices shipped with the app (scripts/generate-recording-notices.mjs, espeak-ng). */
export const SHIPPED_NOTICES_DIR = resolve(__dirname, '../../../../assets/recording-notices');

/**
 * The notice file for a language: `<overrideDir>/<lang>.wav` when an operator dropped one there
 * (any format rtpengine's player reads: WAV, MP3 ...), else the shipped one, else null.
 */
export function noticeFile(language: Language, overrideDir: string | null, shippedDir = SHIPPED_NOTICES_DIR): string | null {
  for (const dir of [overrideDir, shippedDir]) {
    if (!dir) continue;
    for (const ext of ['wav', 'mp3']) {
      const f = join(dir, `${language}.${ext}`);
      if (existsSync(f)) return f;
    }
  }
  return null;
}
