import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Dialog as RadixDialog } from 'radix-ui';
import { useReturnFocus } from './return-focus';

interface DialogProps {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Buttons row at the bottom. */
  footer?: ReactNode;
  width?: 'sm' | 'md' | 'lg';
  testId?: string;
}

/** A modal on Radix Dialog (ADR 0023): focus trap and return, Escape and outside click close it. */
export function Dialog({ open, title, onClose, children, footer, width = 'md', testId }: DialogProps) {
  const intl = useIntl();
  const returnFocus = useReturnFocus(open);
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content {...returnFocus} className={`dialog dialog-${width}`} data-testid={testId} aria-describedby={undefined}>
          <header className="dialog-header">
            <RadixDialog.Title asChild>
              <h2>{title}</h2>
            </RadixDialog.Title>
            <RadixDialog.Close className="icon-btn" aria-label={intl.formatMessage({ id: 'ui.dialog.close', defaultMessage: 'Close' })}>
              ×
            </RadixDialog.Close>
          </header>
          <div className="dialog-body">{children}</div>
          {footer && <footer className="dialog-footer">{footer}</footer>}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
