import { useEffect, useState } from 'react';
import { SelectField, TextField } from '@/components/ui';
import { usePipelines } from '@/features/pipelines';
import { useUsers } from '@/features/users';
import { PERIOD_LABELS, PERIOD_PRESETS, type PeriodKey } from '../utils/period';
import type { ReportFilterState } from '../hooks/use-report-filters';

interface ReportFiltersProps {
  state: ReportFilterState;
  /** Heads choose a rep; a Seller's reports are always their own. */
  canChooseRep: boolean;
}

/** Period (presets or custom dates), rep and the dormant threshold; every change is a new URL. */
export function ReportFiltersBar({ state, canChooseRep }: ReportFiltersProps) {
  const { period, filters, invalid, set } = state;
  return (
    <form className="report-filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()} data-testid="report-filters">
      <SelectField label="Period" value={period} onChange={(e) => set({ period: e.target.value as PeriodKey })} data-testid="report-period">
        {[...PERIOD_PRESETS, 'custom' as const].map((p) => (
          <option key={p} value={p}>
            {PERIOD_LABELS[p]}
          </option>
        ))}
      </SelectField>
      <TextField
        label="From"
        type="date"
        value={filters.from}
        max={filters.to}
        onChange={(e) => e.target.value && set({ period: 'custom', from: e.target.value, to: filters.to })}
        data-testid="report-from"
        error={invalid ?? undefined}
      />
      <TextField
        label="To"
        type="date"
        value={filters.to}
        min={filters.from}
        onChange={(e) => e.target.value && set({ period: 'custom', from: filters.from, to: e.target.value })}
        data-testid="report-to"
      />
      {canChooseRep && <RepSelect value={filters.rep ?? ''} onChange={(rep) => set({ rep: rep || null })} />}
      <PipelineSelect value={filters.pipeline ?? ''} onChange={(pipeline) => set({ pipeline: pipeline || null })} />
      <DaysField value={filters.days ?? 30} onChange={(days) => set({ days })} />
    </form>
  );
}

function RepSelect({ value, onChange }: { value: string; onChange: (rep: string) => void }) {
  const users = useUsers();
  const reps = (users.data ?? []).filter((u) => u.active || u.id === value).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <SelectField label="Rep" value={value} onChange={(e) => onChange(e.target.value)} data-testid="report-rep" disabled={users.isPending}>
      <option value="">All reps</option>
      <option value="none">Unassigned</option>
      {reps.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
        </option>
      ))}
    </SelectField>
  );
}

/** The funnel's pipeline; shown only when there is more than one to choose from. */
function PipelineSelect({ value, onChange }: { value: string; onChange: (pipeline: string) => void }) {
  const pipelines = usePipelines();
  const list = pipelines.data ?? [];
  if (list.length < 2) return null;
  return (
    <SelectField label="Pipeline" value={value} onChange={(e) => onChange(e.target.value)} data-testid="report-pipeline">
      <option value="">Default pipeline</option>
      {list.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </SelectField>
  );
}

/** The dormant report's "not contacted in N days": applied when the field is left or Enter is pressed. */
function DaysField({ value, onChange }: { value: number; onChange: (days: number) => void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= 1 && n <= 3650;
  const apply = () => {
    if (valid && n !== value) onChange(n);
  };
  return (
    <TextField
      label="Dormant after (days)"
      type="number"
      inputMode="numeric"
      min={1}
      max={3650}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
      error={valid ? undefined : 'A whole number of days from 1 to 3650'}
      data-testid="report-days"
      fieldClassName="report-days"
    />
  );
}
