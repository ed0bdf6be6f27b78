import { type FormEvent, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RecordingSettings, type RecordingPolicy } from '@callboard/contracts';
import { Button, ErrorState, SelectField, Spinner, TextField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { usePipelines } from '@/features/pipelines';
import { recordingsApi } from '../api/recordings-api';

const key = ['recordings', 'settings'] as const;
const POLICIES: RecordingPolicy[] = ['off', 'every_call', 'on_demand'];

const M = defineMessages({
  off: { id: 'recordings.admin.policy.off', defaultMessage: 'Off' },
  every_call: { id: 'recordings.admin.policy.everyCall', defaultMessage: 'Every call (the caller hears a notice)' },
  on_demand: { id: 'recordings.admin.policy.onDemand', defaultMessage: 'On demand (the rep presses Record; the caller hears a notice)' },
  inherit: { id: 'recordings.admin.policy.inherit', defaultMessage: 'As the team default' },
  retentionInvalid: { id: 'recordings.admin.retentionInvalid', defaultMessage: 'A whole number of days from 1 to 3650' },
  numberInvalid: { id: 'recordings.admin.numberInvalid', defaultMessage: 'A number with its country code, e.g. +3612345678' },
});

/** The Head's recording policy: a team default, per pipeline, per sales number; how long recordings are kept. */
export function RecordingsAdmin() {
  const intl = useIntl();
  const settings = useQuery({ queryKey: key, queryFn: ({ signal }) => recordingsApi.settings(signal) });
  const pipelines = usePipelines();
  const queryClient = useQueryClient();
  const save = useMutation({ mutationFn: recordingsApi.saveSettings, onSuccess: (saved) => queryClient.setQueryData(key, saved) });
  const toast = useToast();
  const [defaultPolicy, setDefaultPolicy] = useState<RecordingPolicy>('off');
  const [retention, setRetention] = useState('');
  const [byPipeline, setByPipeline] = useState<Record<string, RecordingPolicy | ''>>({});
  const [numbers, setNumbers] = useState<{ number: string; policy: RecordingPolicy }[]>([]);
  const [errors, setErrors] = useState<{ retention?: string; numbers?: string }>({});
  const [serverError, setServerError] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setDefaultPolicy(settings.data.defaultPolicy);
    setRetention(String(settings.data.retentionDays));
    setByPipeline(Object.fromEntries(settings.data.pipelines.map((p) => [p.pipelineId, p.policy])));
    setNumbers(settings.data.numbers);
  }, [settings.data]);

  if (settings.isPending || pipelines.isPending) return <Spinner label={intl.formatMessage({ id: 'recordings.admin.loading', defaultMessage: 'Loading the recording settings' })} />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(null);
    const parsed = RecordingSettings.safeParse({
      defaultPolicy,
      retentionDays: retention.trim() === '' ? Number.NaN : Number(retention),
      pipelines: Object.entries(byPipeline).filter(([, p]) => p !== '').map(([pipelineId, policy]) => ({ pipelineId, policy })),
      numbers: numbers.map((n) => ({ number: n.number.replace(/[\s()-]/g, ''), policy: n.policy })),
    });
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'retentionDays') found.retention = intl.formatMessage(M.retentionInvalid);
        if (issue.path[0] === 'numbers') found.numbers = intl.formatMessage(M.numberInvalid);
      }
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      toast.success(intl.formatMessage({ id: 'recordings.admin.saved', defaultMessage: 'Recording settings saved' }));
    } catch (err) {
      setServerError(errorMessage(err));
    }
  }

  const policyOptions = POLICIES.map((p) => (
    <option key={p} value={p}>
      {intl.formatMessage(M[p])}
    </option>
  ));
  return (
    <section aria-labelledby="recordings-heading" className="admin-section" data-testid="recordings-admin">
      <h2 id="recordings-heading" className="section-title">
        <FormattedMessage id="recordings.admin.heading" defaultMessage="Call recording" />
      </h2>
      <p className="muted">
        <FormattedMessage
          id="recordings.admin.intro"
          defaultMessage="The media server records both sides of a call, desk phones too. A sales number's policy comes first, then the deal's pipeline's, then the team default. When a call is recorded, the caller first hears a short notice."
        />
      </p>
      {!settings.data.available && (
        <p className="form-error" role="status" data-testid="recordings-unavailable">
          <FormattedMessage id="recordings.admin.unavailable" defaultMessage="Recording is unavailable: the media server is not set up to record. The policy is kept for when it is." />
        </p>
      )}
      <form className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          label={intl.formatMessage({ id: 'recordings.admin.default', defaultMessage: 'Team default' })}
          value={defaultPolicy}
          onChange={(e) => setDefaultPolicy(e.target.value as RecordingPolicy)}
          data-testid="recordings-default-policy"
        >
          {policyOptions}
        </SelectField>
        {(pipelines.data ?? []).map((p) => (
          <SelectField
            key={p.id}
            label={intl.formatMessage({ id: 'recordings.admin.pipeline', defaultMessage: 'Pipeline “{name}”' }, { name: p.name })}
            value={byPipeline[p.id] ?? ''}
            onChange={(e) => setByPipeline({ ...byPipeline, [p.id]: e.target.value as RecordingPolicy | '' })}
            data-testid={`recordings-pipeline-${p.id}`}
          >
            <option value="">{intl.formatMessage(M.inherit)}</option>
            {policyOptions}
          </SelectField>
        ))}
        <fieldset className="recordings-numbers" data-testid="recordings-numbers">
          <legend>
            <FormattedMessage id="recordings.admin.numbers" defaultMessage="Sales numbers (the number the caller dialled)" />
          </legend>
          {numbers.map((n, i) => (
            <div className="form-row" key={i} data-testid="recordings-number-row">
              <TextField
                label={intl.formatMessage({ id: 'recordings.admin.number', defaultMessage: 'Number' })}
                value={n.number}
                dir="ltr"
                inputMode="tel"
                onChange={(e) => setNumbers(numbers.map((x, j) => (j === i ? { ...x, number: e.target.value } : x)))}
                data-testid="recordings-number"
              />
              <SelectField
                label={intl.formatMessage({ id: 'recordings.admin.numberPolicy', defaultMessage: 'Policy' })}
                value={n.policy}
                onChange={(e) => setNumbers(numbers.map((x, j) => (j === i ? { ...x, policy: e.target.value as RecordingPolicy } : x)))}
                data-testid="recordings-number-policy"
              >
                {policyOptions}
              </SelectField>
              <Button size="sm" variant="ghost" onClick={() => setNumbers(numbers.filter((_, j) => j !== i))} data-testid="recordings-number-remove">
                <FormattedMessage id="recordings.admin.removeNumber" defaultMessage="Remove" />
              </Button>
            </div>
          ))}
          {errors.numbers && (
            <div className="form-error" role="alert">
              {errors.numbers}
            </div>
          )}
          <Button size="sm" onClick={() => setNumbers([...numbers, { number: '', policy: 'every_call' }])} data-testid="recordings-number-add">
            <FormattedMessage id="recordings.admin.addNumber" defaultMessage="Add a sales number" />
          </Button>
        </fieldset>
        <TextField
          label={intl.formatMessage({ id: 'recordings.admin.retention', defaultMessage: 'Keep recordings for (days)' })}
          type="number"
          min={1}
          max={3650}
          step={1}
          inputMode="numeric"
          value={retention}
          onChange={(e) => setRetention(e.target.value)}
          error={errors.retention}
          hint={intl.formatMessage({ id: 'recordings.admin.retentionHint', defaultMessage: 'Older recordings are deleted, files and all' })}
          data-testid="recordings-retention"
        />
        {serverError && (
          <div className="form-error" role="alert" data-testid="recordings-server-error">
            {serverError}
          </div>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending} data-testid="recordings-save">
            <FormattedMessage id="recordings.admin.save" defaultMessage="Save" />
          </Button>
        </div>
      </form>
    </section>
  );
}
