import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { AlertDialog } from 'radix-ui';
import { Button } from './button';
import { useReturnFocus } from './return-focus';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * Asks before something that cannot be undone (Radix AlertDialog): focus starts on Cancel and a
 * click outside does not close it, so a stray click or Enter never confirms.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busy, onConfirm, onClose }: ConfirmDialogProps) {
  const returnFocus = useReturnFocus(open);
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content {...returnFocus} className="dialog dialog-sm" data-testid="confirm-dialog">
          <header className="dialog-header">
            <AlertDialog.Title asChild>
              <h2>{title}</h2>
            </AlertDialog.Title>
          </header>
          <AlertDialog.Description asChild>
            <div className="dialog-body">{children}</div>
          </AlertDialog.Description>
          <footer className="dialog-footer">
            <AlertDialog.Cancel asChild>
              <Button>
                <FormattedMessage id="ui.confirm.cancel" defaultMessage="Cancel" />
              </Button>
            </AlertDialog.Cancel>
            {/* not AlertDialog.Action: that would close before the caller's work is done */}
            <Button variant="danger" busy={busy} onClick={onConfirm} data-testid="confirm-ok">
              {confirmLabel}
            </Button>
          </footer>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
