import type { Api } from './api';

/** Uploads a file to POST /api/imports as multipart/form-data (field "file"), as the web app does. */
export async function uploadImport(api: Api, name: string, content: Buffer | string, type = 'text/csv'): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? Buffer.from(content, 'utf8') : content], { type }), name);
  const res = await fetch(`${api.baseUrl}/api/imports`, {
    method: 'POST',
    headers: api.token ? { authorization: `Bearer ${api.token}` } : {},
    body: form,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

/** Polls the import until it ends (done, cancelled or failed), or throws after `timeoutMs`. */
export async function waitForImport(api: Api, id: string, timeoutMs = 60_000, until: (job: any) => boolean = (j) => ['done', 'cancelled', 'failed'].includes(j.status)): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get(`/api/imports/${id}`);
    if (res.status === 200 && until(res.body)) return res.body;
    if (Date.now() > end) throw new Error(`import ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A CSV text (UTF-8, CRLF) from rows of cells, quoting where needed. */
export function csvText(rows: string[][]): string {
  return rows.map((r) => r.map((c) => (/[",\r\n;]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
}

/** Parses a small CSV (as the backend writes it) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
