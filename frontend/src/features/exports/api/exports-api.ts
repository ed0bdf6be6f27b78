import { exportPath, type ExportFormat, type ExportKind } from '@callboard/contracts';
import { ApiRequestError } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';

/** A list's filters as the export takes them: the list's own query parameters. */
export type ExportFilters = Record<string, string | number | boolean | undefined | null>;

/**
 * Downloads a list as a file with its current filters. The API authenticates with a bearer header,
 * which a plain link cannot send: fetch it, then hand the browser the file through an object URL
 * (named as the server names it: `<list>-<today in the team's zone>.<format>`).
 */
export async function downloadExport(kind: ExportKind, format: ExportFormat, filters: ExportFilters): Promise<void> {
  const token = getToken();
  const res = await fetch(exportPath(kind, format, filters), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string; code?: string } | null;
    throw new ApiRequestError({ statusCode: res.status, code: body?.code ?? 'INTERNAL', message: body?.message ?? '' });
  }
  const blob = await res.blob();
  const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `${kind}.${format}`;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // the click has handed the blob to the download; free it on the next turn
  setTimeout(() => URL.revokeObjectURL(href), 0);
}
