import { useEffect } from 'react';
import type { ImportJob } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';

/** Calls `onProgress` with each `import.progress` of this import (after every committed batch, and at the end). */
export function useImportProgress(id: string | null, onProgress: (job: ImportJob) => void): void {
  useEffect(() => {
    if (!id) return;
    return listenSocket({
      'import.progress': (job) => {
        if (job.id === id) onProgress(job);
      },
    });
  }, [id, onProgress]);
}
