import './admin.css';
import { type FormEvent, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RoutingSettings } from '@callboard/contracts';
import { Button, ErrorState, Spinner, TextField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatNumber } from '@/lib/format';
import { routingApi } from '../api/routing-api';

const key = ['settings', 'routing'] as const;

type Errors = Partial<Record<keyof RoutingSettings, string>>;

const INVALID = defineMessages({
  ownerFirstSeconds: { id: 'admin.routing.ownerFirstInvalid', defaultMessage: 'A whole number of seconds from 0 to 120' },
  ringAllSeconds: { id: 'admin.routing.ringAllInvalid', defaultMessage: 'A whole number of seconds from 5 to 600' },
});

/** How an incoming call rings: the known caller's owner alone first, then everyone available, until it counts as missed. */
export function RoutingAdmin() {
  const intl = useIntl();
  const settings = useQuery({ queryKey: key, queryFn: ({ signal }) => routingApi.get(signal) });
  const queryClient = useQueryClient();
  const save = useMutation({ mutationFn: routingApi.save, onSuccess: (saved) => queryClient.setQueryData(key, saved) });
  const toast = useToast();
  const [ownerFirst, setOwnerFirst] = useState('');
  const [ringAll, setRingAll] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setOwnerFirst(String(settings.data.ownerFirstSeconds));
    setRingAll(String(settings.data.ringAllSeconds));
  }, [settings.data]);

  if (settings.isPending) return <Spinner label={intl.formatMessage({ id: 'admin.routing.loading', defaultMessage: 'Loading the ringing settings' })} />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(null);
    const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
    const parsed = RoutingSettings.safeParse({ ownerFirstSeconds: num(ownerFirst), ringAllSeconds: num(ringAll) });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof RoutingSettings;
        if (field in INVALID) found[field] ??= intl.formatMessage(INVALID[field]);
      }
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      const saved = await save.mutateAsync(parsed.data);
      toast.success(
        intl.formatMessage(
          { id: 'admin.routing.saved', defaultMessage: 'Saved: the owner rings alone for {ownerFirst} s, then everyone for {ringAll} s' },
          { ownerFirst: formatNumber(saved.ownerFirstSeconds), ringAll: formatNumber(saved.ringAllSeconds) },
        ),
      );
    } catch (err) {
      setServerError(errorMessage(err));
    }
  }

  return (
    <section aria-labelledby="routing-heading" className="admin-section" data-testid="routing-admin">
      <h2 id="routing-heading" className="section-title">
        <FormattedMessage id="admin.routing.heading" defaultMessage="Ringing" />
      </h2>
      <p className="muted">
        <FormattedMessage
          id="admin.routing.intro"
          defaultMessage="An incoming call from a known customer rings their owner alone first, then every available Seller. A call nobody answers in time counts as missed, and its call-back goes on the Today lists."
        />
      </p>
      <form className="form-grid routing-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={intl.formatMessage({ id: 'admin.routing.ownerFirst', defaultMessage: 'The owner rings alone for (seconds)' })}
          type="number"
          min={0}
          max={120}
          step={1}
          inputMode="numeric"
          value={ownerFirst}
          onChange={(e) => setOwnerFirst(e.target.value)}
          error={errors.ownerFirstSeconds}
          hint={intl.formatMessage({ id: 'admin.routing.ownerFirstHint', defaultMessage: '0 rings everyone at once' })}
          data-testid="routing-owner-first"
        />
        <TextField
          label={intl.formatMessage({ id: 'admin.routing.ringAll', defaultMessage: 'Then everyone rings for (seconds) before the call counts as missed' })}
          type="number"
          min={5}
          max={600}
          step={1}
          inputMode="numeric"
          value={ringAll}
          onChange={(e) => setRingAll(e.target.value)}
          error={errors.ringAllSeconds}
          data-testid="routing-ring-all"
        />
        {serverError && (
          <div className="form-error" role="alert" data-testid="routing-server-error">
            {serverError}
          </div>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending} data-testid="routing-save">
            <FormattedMessage id="admin.routing.save" defaultMessage="Save" />
          </Button>
        </div>
      </form>
    </section>
  );
}
