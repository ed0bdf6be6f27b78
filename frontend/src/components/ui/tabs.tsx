import type { ReactNode } from 'react';
import { Tabs as RadixTabs } from 'radix-ui';

interface TabsProps {
  /** The tab list's accessible name. */
  label: string;
  tabs: { value: string; label: ReactNode; content: ReactNode; testId?: string }[];
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
}

/** Tabs with roving focus and arrow keys that follow the page's direction (Radix Tabs). */
export function Tabs({ label, tabs, value, defaultValue, onValueChange }: TabsProps) {
  return (
    <RadixTabs.Root value={value} defaultValue={defaultValue ?? tabs[0]?.value} onValueChange={onValueChange}>
      <RadixTabs.List className="tabs" aria-label={label}>
        {tabs.map((t) => (
          <RadixTabs.Trigger key={t.value} value={t.value} className="tab" data-testid={t.testId}>
            {t.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {tabs.map((t) => (
        <RadixTabs.Content key={t.value} value={t.value}>
          {t.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
