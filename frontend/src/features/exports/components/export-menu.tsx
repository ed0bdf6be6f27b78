import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import type { ExportFormat, ExportKind } from '@callboard/contracts';
import { Button, Menu, MenuItem, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { downloadExport, type ExportFilters } from '../api/exports-api';

const M = defineMessages({
  export: { id: 'exports.menu.export', defaultMessage: 'Export' },
  exportWhat: { id: 'exports.menu.exportWhat', defaultMessage: 'Export this list with its filters' },
  csv: { id: 'exports.menu.csv', defaultMessage: 'CSV (comma-separated)' },
  xlsx: { id: 'exports.menu.xlsx', defaultMessage: 'Excel workbook (XLSX)' },
  failedNoReason: { id: 'exports.menu.failedNoReason', defaultMessage: 'the download failed' },
});

interface ExportMenuProps {
  kind: ExportKind;
  /** The list's current filters, as its own query parameters. */
  filters: ExportFilters;
}

/** Export of the list on screen, with its current filters, as CSV or XLSX. */
export function ExportMenu({ kind, filters }: ExportMenuProps) {
  const intl = useIntl();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async (format: ExportFormat) => {
    setBusy(true);
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
      setBusy(false);
    }
  };
  return (
    <Menu
      testId={`export-${kind}-menu`}
      trigger={
        <Button size="sm" variant="secondary" busy={busy} title={intl.formatMessage(M.exportWhat)} data-testid={`export-${kind}`}>
          {intl.formatMessage(M.export)}
        </Button>
      }
    >
      <MenuItem onSelect={() => void run('csv')} testId={`export-${kind}-csv`}>
        {intl.formatMessage(M.csv)}
      </MenuItem>
      <MenuItem onSelect={() => void run('xlsx')} testId={`export-${kind}-xlsx`}>
        {intl.formatMessage(M.xlsx)}
      </MenuItem>
    </Menu>
  );
}
