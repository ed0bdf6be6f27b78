import { formatDateTime } from '@/lib/format';
import { useEffect, useState } from 'react';
import { DIAL_REFUSAL_MESSAGES, type DialRefusal } from '@callboard/contracts';
import { Button, ErrorState, Spinner, TextAreaField, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useDialPolicy, useSaveDialPolicy, useSetInternational } from '../hooks/use-dial-policy';
import { parseCountryCodes, parsePrefixes } from '../utils/policy-form';

const reasonText = (r: DialRefusal['reason']) => DIAL_REFUSAL_MESSAGES[r] ?? r;

/**
 * The Head's outbound dial policy (ADR 0009): which countries the team calls, which ranges are
 * blocked for everyone, who may call abroad, how many calls one person may have at once, and the
 * calls the phone server refused.
 */
export function DialPolicyAdmin() {
  const view = useDialPolicy();
  const save = useSaveDialPolicy();
  const setInternational = useSetInternational();
  const toast = useToast();
  const [countries, setCountries] = useState('');
  const [prefixes, setPrefixes] = useState('');
  const [blockSpecial, setBlockSpecial] = useState(true);
  const [maxCalls, setMaxCalls] = useState('2');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const s = view.data?.settings;
    if (!s) return;
    setCountries(s.allowedCountryCodes.join(', '));
    setPrefixes(s.blockedPrefixes.join('\n'));
    setBlockSpecial(s.blockSpecialServices);
    setMaxCalls(String(s.maxConcurrentCalls));
  }, [view.data?.settings]);

  async function submit() {
    setError(null);
    try {
      await save.mutateAsync({
        allowedCountryCodes: parseCountryCodes(countries),
        blockSpecialServices: blockSpecial,
        blockedPrefixes: parsePrefixes(prefixes),
        maxConcurrentCalls: Number(maxCalls),
      });
      toast.success('Dial policy saved');
    } catch (err) {
      const f = Object.entries(fieldErrors(err))[0];
      setError(f ? `${errorMessage(err)}: ${f[0]} ${f[1]}` : errorMessage(err));
    }
  }

  async function toggle(userId: string, allowed: boolean) {
    try {
      await setInternational.mutateAsync({ userId, allowed });
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  if (view.isPending) return <Spinner label="Loading the dial policy" />;
  if (view.isError) return <ErrorState message={errorMessage(view.error)} />;
  const { users, refusals } = view.data;
  return (
    <div data-testid="dial-policy-admin">
      <section aria-labelledby="dial-policy-heading" className="admin-section">
        <h2 id="dial-policy-heading" className="section-title">
          Outbound calls
        </h2>
        <p className="muted">
          Numbers outside the allowed countries are international: only the people ticked below may call them. Blocked ranges and
          premium-rate or shared-cost numbers are refused for everyone.
        </p>
        <TextField
          label="Allowed country codes"
          hint="Country calling codes, e.g. 36, 43"
          value={countries}
          onChange={(e) => setCountries(e.target.value)}
          data-testid="dial-policy-countries"
        />
        <TextAreaField
          label="Blocked ranges (one a line, e.g. +1900)"
          rows={5}
          value={prefixes}
          onChange={(e) => setPrefixes(e.target.value)}
          data-testid="dial-policy-prefixes"
        />
        <label className="checkbox-row">
          <input type="checkbox" checked={blockSpecial} onChange={(e) => setBlockSpecial(e.target.checked)} data-testid="dial-policy-block-special" /> Block
          premium-rate, shared-cost and personal numbers
        </label>
        <TextField
          label="Calls at once per person"
          type="number"
          min={1}
          max={50}
          value={maxCalls}
          onChange={(e) => setMaxCalls(e.target.value)}
          data-testid="dial-policy-max-calls"
        />
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <div className="form-actions">
          <Button variant="primary" busy={save.isPending} onClick={() => void submit()} data-testid="dial-policy-save">
            Save
          </Button>
        </div>
      </section>

      <section aria-labelledby="dial-policy-users-heading" className="admin-section">
        <h2 id="dial-policy-users-heading" className="section-title">
          International calls
        </h2>
        <table className="table" data-testid="dial-policy-users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Extension</th>
              <th scope="col">May call abroad</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.active ? undefined : 'muted'}>
                <td>{u.name}</td>
                <td>{u.extension}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${u.name} may call abroad`}
                    checked={u.internationalAllowed}
                    disabled={setInternational.isPending}
                    onChange={(e) => void toggle(u.id, e.target.checked)}
                    data-testid={`dial-policy-international-${u.extension}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="dial-policy-refusals-heading" className="admin-section">
        <h2 id="dial-policy-refusals-heading" className="section-title">
          Refused calls
        </h2>
        {refusals.length === 0 ? (
          <p className="muted">No call has been refused.</p>
        ) : (
          <table className="table" data-testid="dial-policy-refusals">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Number</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {refusals.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>{r.userName ?? `extension ${r.extension}`}</td>
                  <td dir="ltr">{r.destination}</td>
                  <td>{reasonText(r.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
