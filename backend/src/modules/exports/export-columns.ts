import type { ExportKind } from '@callboard/contracts';
import type { XlsxCellType } from '../../common/xlsx/xlsx-writer';

/**
 * The columns of each export: the CSV header and the XLSX cell type, and how a row of the list
 * gives the cell. Rows come from each module's `exportRows` (times as Date, amounts as decimal text).
 */
export interface ExportColumn {
  key: string;
  header: string;
  type: XlsxCellType;
  value: (row: any) => unknown;
}

const col = (key: string, header: string, type: XlsxCellType, value: (row: any) => unknown = (r) => r[key]): ExportColumn => ({ key, header, type, value });
const asDate = (v: string | Date | null | undefined) => (v ? new Date(v) : null);

export const EXPORT_COLUMNS: Record<ExportKind, ExportColumn[]> = {
  deals: [
    col('id', 'Id', 'text'),
    col('title', 'Title', 'text'),
    col('amount', 'Amount', 'money'),
    col('currency', 'Currency', 'text'),
    col('pipelineName', 'Pipeline', 'text'),
    col('stageName', 'Stage', 'text'),
    col('status', 'Status', 'text'),
    col('ownerName', 'Owner', 'text'),
    col('contactName', 'Contact', 'text'),
    col('contactPhone', 'Phone', 'text'),
    col('source', 'Source', 'text'),
    col('tags', 'Tags', 'text', (r) => (r.tags?.length ? r.tags.join(', ') : null)),
    col('qualification', 'Qualification', 'text'),
    col('lostReason', 'Lost reason', 'text'),
    col('expectedCloseOn', 'Expected close', 'date'),
    col('nextTask', 'Next task', 'text', (r) => r.nextTask?.title ?? null),
    col('nextTaskDueAt', 'Next task due', 'datetime', (r) => asDate(r.nextTask?.dueAt)),
    col('lastContactAt', 'Last contact', 'datetime'),
    col('stageEnteredAt', 'In stage since', 'datetime'),
    col('createdAt', 'Created', 'datetime'),
    col('updatedAt', 'Updated', 'datetime'),
  ],
  contacts: [
    col('id', 'Id', 'text'),
    col('name', 'Name', 'text'),
    col('email', 'Email', 'text'),
    col('company', 'Company', 'text'),
    col('phone1', 'Phone', 'text', (r) => r.phones?.[0]?.e164 ?? null),
    col('phone2', 'Phone 2', 'text', (r) => r.phones?.[1]?.e164 ?? null),
    col('phone3', 'Phone 3', 'text', (r) => r.phones?.[2]?.e164 ?? null),
    col('morePhones', 'More phones', 'text', (r) => (r.phones?.length > 3 ? r.phones.slice(3).map((p: { e164: string }) => p.e164).join(' ') : null)),
    col('ownerName', 'Owner', 'text'),
    col('createdAt', 'Created', 'datetime'),
    col('updatedAt', 'Updated', 'datetime'),
  ],
  calls: [
    col('id', 'Id', 'text'),
    col('offeredAt', 'Started', 'datetime'),
    col('direction', 'Direction', 'text'),
    col('outcome', 'Outcome', 'text'),
    col('fromNumber', 'From', 'text'),
    col('fromName', 'Caller name', 'text'),
    col('toNumber', 'To', 'text'),
    col('contactName', 'Contact', 'text'),
    col('dealTitle', 'Deal', 'text'),
    col('userName', 'Rep', 'text'),
    col('answeredByName', 'Answered by', 'text'),
    col('answeredAt', 'Answered', 'datetime'),
    col('endedAt', 'Ended', 'datetime'),
    col('durationSec', 'Duration (s)', 'integer'),
    col('missedReason', 'Missed reason', 'text'),
  ],
  tasks: [
    col('id', 'Id', 'text'),
    col('title', 'Title', 'text'),
    col('type', 'Type', 'text'),
    col('status', 'Status', 'text'),
    col('dueAt', 'Due', 'datetime'),
    col('overdue', 'Overdue', 'text', (r) => (r.overdue ? 'yes' : 'no')),
    col('assigneeName', 'Assignee', 'text'),
    col('dealTitle', 'Deal', 'text'),
    col('completedAt', 'Completed', 'datetime'),
    col('createdAt', 'Created', 'datetime'),
  ],
};

/** A list row as the flat record the writers take: one key per column. */
export function exportRecord(columns: readonly ExportColumn[], row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.key] = c.value(row);
  return out;
}
