import type { ReactNode } from 'react';
import { Popover as RadixPopover } from 'radix-ui';

interface PopoverProps {
  trigger: ReactNode;
  children: ReactNode;
  /** The panel's accessible name. */
  label: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  align?: 'start' | 'center' | 'end';
  testId?: string;
}

/** A light panel anchored to a button (Radix Popover): dark text on a light surface wherever it opens. */
export function Popover({ trigger, children, label, open, onOpenChange, align = 'end', testId }: PopoverProps) {
  return (
    <RadixPopover.Root open={open} onOpenChange={onOpenChange}>
      <RadixPopover.Trigger asChild>{trigger}</RadixPopover.Trigger>
      <RadixPopover.Portal>
        <RadixPopover.Content className="popover" align={align} sideOffset={6} collisionPadding={8} aria-label={label} data-testid={testId}>
          {children}
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  );
}
