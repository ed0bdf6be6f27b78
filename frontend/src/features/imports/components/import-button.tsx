import { lazy, Suspense, useState } from 'react';
import { useIntl } from 'react-intl';
import { Button } from '@/components/ui';

// the dialog and its words load when first opened, not with the board
const ImportDialog = lazy(() => import('./import-dialog').then((m) => ({ default: m.ImportDialog })));

/** "Import" on the Contacts page and the Board: contacts (and their deals) from a CSV or XLSX file. */
export function ImportButton() {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="import-button">
        {intl.formatMessage({ id: 'imports.button.label', defaultMessage: 'Import' })}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <ImportDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
