import type { RecordingListen } from '@callboard/contracts';
import { type CsvColumn, toCsv } from '../../common/csv/csv-writer';

/** The listen log as a CSV (through the one CSV writer, ADR 0025): one line per listen, the call flattened. */
const COLUMNS: CsvColumn[] = [
  { key: 'at', header: 'Listened at (UTC)' },
  { key: 'listener', header: 'Listener' },
  { key: 'callAt', header: 'Call at (UTC)' },
  { key: 'direction', header: 'Direction' },
  { key: 'number', header: 'Number' },
  { key: 'contact', header: 'Contact' },
  { key: 'rep', header: 'Rep' },
  { key: 'deal', header: 'Deal' },
  { key: 'dealId', header: 'Deal id' },
  { key: 'recordingId', header: 'Recording id' },
  { key: 'recordingKept', header: 'Recording kept' },
];

export function listensCsv(rows: RecordingListen[]): string {
  return toCsv(
    COLUMNS,
    rows.map((l) => ({
      at: l.at,
      listener: l.userName,
      callAt: l.call?.at,
      direction: l.call?.direction,
      number: l.call?.number,
      contact: l.call?.contactName,
      rep: l.call?.repName,
      deal: l.call?.dealTitle,
      dealId: l.call?.dealId,
      recordingId: l.recordingId,
      recordingKept: l.recordingKept ? 'yes' : 'no',
    })),
  );
}
