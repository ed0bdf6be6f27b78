import { ApiError, type ImportJob, type ImportMapping, type ImportPreview } from '@callboard/contracts';
import { api, ApiRequestError } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';

const authHeaders = (): Record<string, string> => {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
};

async function failure(res: Response): Promise<ApiRequestError> {
  const parsed = ApiError.safeParse(await res.json().catch(() => null));
  return new ApiRequestError(parsed.success ? parsed.data : { statusCode: res.status, code: res.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', message: '' });
}

export const importsApi = {
  /** The file as multipart/form-data (field "file"); the server streams it to disk. */
  async upload(file: File): Promise<ImportJob> {
    const form = new FormData();
    form.append('file', file, file.name);
    let res: Response;
    try {
      res = await fetch('/api/imports', { method: 'POST', headers: authHeaders(), body: form });
    } catch {
      throw new ApiRequestError({ statusCode: 0, code: 'NETWORK', message: 'Cannot reach the server' });
    }
    if (!res.ok) throw await failure(res);
    return (await res.json()) as ImportJob;
  },
  get: (id: string) => api.get<ImportJob>(`/imports/${id}`),
  preview: (id: string, mapping: ImportMapping) => api.post<ImportPreview>(`/imports/${id}/preview?limit=20`, mapping),
  run: (id: string, mapping: ImportMapping) => api.post<ImportJob>(`/imports/${id}/run`, mapping),
  cancel: (id: string) => api.post<ImportJob>(`/imports/${id}/cancel`),

  /** The rejected rows as a CSV download (a bearer header cannot ride on a plain link). */
  async downloadRejects(job: ImportJob): Promise<void> {
    const res = await fetch(`/api/imports/${job.id}/rejects.csv`, { headers: authHeaders() });
    if (!res.ok) throw await failure(res);
    const blob = await res.blob();
    const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'rejected-rows.csv';
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 0);
  },
};
