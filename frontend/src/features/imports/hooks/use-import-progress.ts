import { useEffect } from 'react';
import type { ImportJob } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { importsApi } from '../api/imports-api';

/**
 * Calls `onProgress` with each `import.progress` of this import (after every committed batch, and
 * at the end), and with the import as it is whenever the socket (re)connects: what happened while
 * it was away (a backend restart) is not lost.
 */
export function useImportProgress(id: string | null, onProgress: (job: ImportJob) => void): void {
  useEffect(() => {
    if (!id) return;
    return listenSocket({
      'import.progress': (job) => {
        if (job.id === id) onProgress(job);
      },
      ready: () => {
        importsApi.get(id).then(onProgress, () => undefined);
      },
    });
  }, [id, onProgress]);
}
