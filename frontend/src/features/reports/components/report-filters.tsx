import { useEffect, useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { SelectField, TextField } from '@/components/ui';
import { usePipelines } from '@/features/pipelines';
import { useUsers } from '@/features/users';
import { formatNumber } from '@/lib/format';
import { MAX_DORMANT_DAYS, type ReportFilterState } from '../hooks/use-report-filters';
import { PERIOD_LABELS } from '../utils/labels';
import { withValues } from '../utils/messages';
import { PERIOD_PRESETS, type PeriodKey } from '../utils/period';

const M = withValues(
  defineMessages({
    form: { id: 'reports.filters.label', defaultMessage: 'Report filters' },
    period: { id: 'reports.filters.period', defaultMessage: 'Period' },
    from: { id: 'reports.filters.from', defaultMessage: 'From' },
    to: { id: 'reports.filters.to', defaultMessage: 'To' },
    incomplete: { id: 'reports.filters.incomplete', defaultMessage: 'Enter both dates of the period.' },
    reversed: { id: 'reports.filters.reversed', defaultMessage: 'The period’s start must not be after its end.' },
    rep: { id: 'reports.filters.rep', defaultMessage: 'Rep' },
    allReps: { id: 'reports.filters.allReps', defaultMessage: 'All reps' },
    unassigned: { id: 'reports.filters.unassigned', defaultMessage: 'Unassigned' },
    pipeline: { id: 'reports.filters.pipeline', defaultMessage: 'Pipeline' },
    defaultPipeline: { id: 'reports.filters.defaultPipeline', defaultMessage: 'Default pipeline' },
    days: { id: 'reports.filters.days', defaultMessage: 'Dormant after (days)' },
    daysInvalid: { id: 'reports.filters.daysInvalid', defaultMessage: 'A whole number of days from {min} to {max}' },
  }),
);

interface ReportFiltersProps {
  state: ReportFilterState;
  /** Heads choose a rep; a Seller's reports are always their own. */
  canChooseRep: boolean;
}

/** Period (presets or custom dates), rep and the dormant threshold; every change is a new URL. */
export function ReportFiltersBar({ state, canChooseRep }: ReportFiltersProps) {
  const intl = useIntl();
  const { period, filters, invalid, set } = state;
  return (
    <form className="report-filters" aria-label={intl.formatMessage(M.form)} onSubmit={(e) => e.preventDefault()} data-testid="report-filters">
      <SelectField label={intl.formatMessage(M.period)} value={period} onChange={(e) => set({ period: e.target.value as PeriodKey })} data-testid="report-period">
        {[...PERIOD_PRESETS, 'custom' as const].map((p) => (
          <option key={p} value={p}>
            {intl.formatMessage(PERIOD_LABELS[p])}
          </option>
        ))}
      </SelectField>
      <TextField
        label={intl.formatMessage(M.from)}
        type="date"
        value={filters.from}
        max={filters.to}
        onChange={(e) => e.target.value && set({ period: 'custom', from: e.target.value, to: filters.to })}
        data-testid="report-from"
        error={invalid ? intl.formatMessage(M[invalid]) : undefined}
      />
      <TextField
        label={intl.formatMessage(M.to)}
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
  const intl = useIntl();
  const users = useUsers();
  const reps = (users.data ?? []).filter((u) => u.active || u.id === value).sort((a, b) => a.name.localeCompare(b.name, intl.locale));
  return (
    <SelectField label={intl.formatMessage(M.rep)} value={value} onChange={(e) => onChange(e.target.value)} data-testid="report-rep" disabled={users.isPending}>
      <option value="">{intl.formatMessage(M.allReps)}</option>
      <option value="none">{intl.formatMessage(M.unassigned)}</option>
      {reps.map((u) => (
        <option key={u.id} value={u.id} data-user-content>
          {u.name}
        </option>
      ))}
    </SelectField>
  );
}

/** The funnel's pipeline; shown only when there is more than one to choose from. */
function PipelineSelect({ value, onChange }: { value: string; onChange: (pipeline: string) => void }) {
  const intl = useIntl();
  const pipelines = usePipelines();
  const list = pipelines.data ?? [];
  if (list.length < 2) return null;
  return (
    <SelectField label={intl.formatMessage(M.pipeline)} value={value} onChange={(e) => onChange(e.target.value)} data-testid="report-pipeline">
      <option value="">{intl.formatMessage(M.defaultPipeline)}</option>
      {list.map((p) => (
        <option key={p.id} value={p.id} data-user-content>
          {p.name}
        </option>
      ))}
    </SelectField>
  );
}

/** The dormant report's "not contacted in N days": applied when the field is left or Enter is pressed. */
function DaysField({ value, onChange }: { value: number; onChange: (days: number) => void }) {
  const intl = useIntl();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= 1 && n <= MAX_DORMANT_DAYS;
  const apply = () => {
    if (valid && n !== value) onChange(n);
  };
  return (
    <TextField
      label={intl.formatMessage(M.days)}
      type="number"
      inputMode="numeric"
      min={1}
      max={MAX_DORMANT_DAYS}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
      error={valid ? undefined : intl.formatMessage(M.daysInvalid, { min: formatNumber(1), max: formatNumber(MAX_DORMANT_DAYS, { useGrouping: false }) })}
      data-testid="report-days"
      fieldClassName="report-days"
    />
  );
}
