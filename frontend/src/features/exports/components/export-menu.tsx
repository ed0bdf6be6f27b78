import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import type { ExportFormat, ExportKind } from '@callboard/contracts';
import { Button, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { downloadExport, type ExportFilters } from '../api/exports-api';

const M = defineMessages({
  export: { id: 'exports.menu.export', defaultMessage: 'Export' },
  exportWhat: { id: 'exports.menu.exportWhat', defaultMessage: 'Export this list with its filters' },
  csv: { id: 'exports.menu.csv', defaultMessage: 'CSV' },
  csvName: { id: 'exports.menu.csvName', defaultMessage: 'Export as CSV' },
  xlsx: { id: 'exports.menu.xlsx', defaultMessage: 'XLSX' },
  xlsxName: { id: 'exports.menu.xlsxName', defaultMessage: 'Export as XLSX (Excel)' },
  failedNoReason: { id: 'exports.menu.failedNoReason', defaultMessage: 'the download failed' },
});

interface ExportMenuProps {
  kind: ExportKind;
  /** The list's current filters, as its own query parameters. */
  filters: ExportFilters;
}

/**
 * Export of the list on screen, with its current filters: two buttons, CSV and XLSX. Plain
 * buttons, not a dropdown: the board is the first page, and a menu library would weigh on it.
 */
export function ExportMenu({ kind, filters }: ExportMenuProps) {
  const intl = useIntl();
  const toast = useToast();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      await downloadExport(kind, format, filters);
    } catch (e) {
      toast.error(
        intl.formatMessage(
          { id: 'exports.menu.failed', defaultMessage: 'Could not export: {error}' },
          { error: errorMessage(e) || intl.formatMessage(M.failedNoReason) },
        ),
      );
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="export-menu" role="group" aria-labelledby={`export-${kind}-label`} title={intl.formatMessage(M.exportWhat)} data-testid={`export-${kind}`}>
      <span id={`export-${kind}-label`} className="export-menu-label">
        {intl.formatMessage(M.export)}
      </span>
      <Button size="sm" variant="secondary" busy={busy === 'csv'} aria-label={intl.formatMessage(M.csvName)} onClick={() => void run('csv')} data-testid={`export-${kind}-csv`}>
        {intl.formatMessage(M.csv)}
      </Button>
      <Button size="sm" variant="secondary" busy={busy === 'xlsx'} aria-label={intl.formatMessage(M.xlsxName)} onClick={() => void run('xlsx')} data-testid={`export-${kind}-xlsx`}>
        {intl.formatMessage(M.xlsx)}
      </Button>
    </div>
  );
}
