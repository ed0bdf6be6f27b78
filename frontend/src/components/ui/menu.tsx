import type { ReactNode } from 'react';
import { DropdownMenu } from 'radix-ui';

interface MenuProps {
  /** The button that opens the menu (rendered as is: give it a label). */
  trigger: ReactNode;
  children: ReactNode;
  align?: 'start' | 'center' | 'end';
  testId?: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

/** A menu of actions (Radix DropdownMenu): arrow keys, typeahead, Escape, focus back on the trigger. */
export function Menu({ trigger, children, align = 'end', testId, open, onOpenChange }: MenuProps) {
  return (
    <DropdownMenu.Root open={open} onOpenChange={onOpenChange}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align={align} sideOffset={4} collisionPadding={8} data-testid={testId}>
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

interface MenuItemProps {
  children: ReactNode;
  onSelect: () => void;
  danger?: boolean;
  testId?: string;
}

export function MenuItem({ children, onSelect, danger, testId }: MenuItemProps) {
  return (
    <DropdownMenu.Item className={danger ? 'menu-item menu-item-danger' : 'menu-item'} onSelect={onSelect} data-testid={testId}>
      {children}
    </DropdownMenu.Item>
  );
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="menu-separator" />;
}
