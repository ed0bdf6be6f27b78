import './admin.css';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { UpdateTeamSettingsRequest } from '@callboard/contracts';
import { Button, ErrorState, SelectField, Spinner, TextField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDays, timeZoneNames } from '@/lib/format';
import { teamSettingsApi } from '../api/team-settings-api';

export const TEAM_SETTINGS_KEY = ['team-settings'] as const;

/** The team's time zone (what "today" is for lists, digests and reports) and a new deal's default days to its expected close. */
export function TeamSettingsAdmin() {
  const settings = useQuery({ queryKey: TEAM_SETTINGS_KEY, queryFn: ({ signal }) => teamSettingsApi.get(signal) });
  const queryClient = useQueryClient();
  const save = useMutation({ mutationFn: teamSettingsApi.save, onSuccess: (saved) => queryClient.setQueryData(TEAM_SETTINGS_KEY, saved) });
  const toast = useToast();
  const [timeZone, setTimeZone] = useState('');
  const [days, setDays] = useState('');
  const [daysError, setDaysError] = useState<string | undefined>();
  const [serverError, setServerError] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setTimeZone(settings.data.timeZone);
    setDays(String(settings.data.expectedCloseDays));
  }, [settings.data]);

  // the browser's zones, with the saved one even if this browser does not list it (e.g. "UTC")
  const zones = useMemo(() => {
    const names = timeZoneNames();
    const current = settings.data?.timeZone;
    return current && !names.includes(current) ? [current, ...names] : names;
  }, [settings.data?.timeZone]);

  if (settings.isPending) return <Spinner label="Loading the team settings" />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(null);
    const parsed = UpdateTeamSettingsRequest.safeParse({ timeZone, expectedCloseDays: days.trim() === '' ? Number.NaN : Number(days) });
    if (!parsed.success) {
      if (parsed.error.issues.some((i) => i.path[0] === 'expectedCloseDays')) setDaysError('A whole number of days from 1 to 365');
      else setServerError('Choose a time zone from the list');
      return;
    }
    setDaysError(undefined);
    try {
      const saved = await save.mutateAsync(parsed.data);
      toast.success(`Saved: the team’s time zone is ${saved.timeZone}; new deals are expected to close in ${formatDays(saved.expectedCloseDays)}`);
    } catch (err) {
      setServerError(errorMessage(err));
    }
  }

  return (
    <section aria-labelledby="team-heading" className="admin-section" data-testid="team-settings-admin">
      <h2 id="team-heading" className="section-title">
        Team
      </h2>
      <p className="muted">
        The team’s time zone decides what “today” is: the Today lists, the daily digest’s hour and the reports’ days. A new deal is
        expected to close this many days after the day it was created; each deal’s date can be changed on its page.
      </p>
      <form className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} data-testid="team-time-zone">
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
        <TextField
          label="A new deal is expected to close after (days)"
          type="number"
          min={1}
          max={365}
          step={1}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={daysError}
          data-testid="team-expected-close-days"
        />
        {serverError && (
          <div className="form-error" role="alert" data-testid="team-settings-server-error">
            {serverError}
          </div>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending} data-testid="team-settings-save">
            Save
          </Button>
        </div>
      </form>
    </section>
  );
}
