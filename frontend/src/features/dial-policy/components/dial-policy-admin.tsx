import { formatDateTime } from '@/lib/format';
import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import type { DialPolicySettings, DialRefusalReason } from '@callboard/contracts';
import { Button, ErrorState, Spinner, TextAreaField, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useDialPolicy, useSaveDialPolicy, useSetInternational } from '../hooks/use-dial-policy';
import { isolateLtr } from '@/components/ui/bidi';
import { parseCountryCodes, parsePrefixes } from '../utils/policy-form';

// why the phone server refused a call, as the refusal log names it
const REASONS = defineMessages({
  unknown_extension: { id: 'dialPolicy.reason.unknownExtension', defaultMessage: 'This phone may not make calls' },
  invalid_number: { id: 'dialPolicy.reason.invalidNumber', defaultMessage: 'Not a valid phone number' },
  special_service: { id: 'dialPolicy.reason.specialService', defaultMessage: 'Premium-rate numbers are blocked' },
  blocked_prefix: { id: 'dialPolicy.reason.blockedPrefix', defaultMessage: 'This number range is blocked' },
  international_not_allowed: { id: 'dialPolicy.reason.internationalNotAllowed', defaultMessage: 'International calls are not allowed' },
}) satisfies Record<DialRefusalReason, MessageDescriptor>;

// the form's fields, as a server's validation error names them (untyped: one takes an example)
const FIELDS: Record<keyof DialPolicySettings, MessageDescriptor> = defineMessages({
  allowedCountryCodes: { id: 'dialPolicy.form.countries', defaultMessage: 'Allowed country codes' },
  blockedPrefixes: { id: 'dialPolicy.form.prefixes', defaultMessage: 'Blocked ranges (one a line, e.g. {example})' },
  maxConcurrentCalls: { id: 'dialPolicy.form.maxCalls', defaultMessage: 'Calls at once per person' },
  blockSpecialServices: { id: 'dialPolicy.form.blockSpecial', defaultMessage: 'Block premium-rate, shared-cost and personal numbers' },
});

const isField = (key: string): key is keyof DialPolicySettings => key in FIELDS;
// examples are numbers: left to right in every language
const fieldValues = { example: isolateLtr('+1900') };

/**
 * The Head's outbound dial policy (ADR 0009): which countries the team calls, which ranges are
 * blocked for everyone, who may call abroad, how many calls one person may have at once, and the
 * calls the phone server refused.
 */
export function DialPolicyAdmin() {
  const intl = useIntl();
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
      toast.success(intl.formatMessage({ id: 'dialPolicy.form.saved', defaultMessage: 'Dial policy saved' }));
    } catch (err) {
      const f = Object.entries(fieldErrors(err))[0];
      if (!f) return setError(errorMessage(err));
      // "allowedCountryCodes.1" is the field the Head knows as "Allowed country codes"
      const key = f[0].split('.')[0] ?? '';
      setError(
        intl.formatMessage(
          { id: 'dialPolicy.form.fieldError', defaultMessage: '{error}: {field} {problem}' },
          { error: errorMessage(err), field: isField(key) ? intl.formatMessage(FIELDS[key], fieldValues) : f[0], problem: f[1] },
        ),
      );
    }
  }

  async function toggle(userId: string, allowed: boolean) {
    try {
      await setInternational.mutateAsync({ userId, allowed });
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  if (view.isPending) return <Spinner label={intl.formatMessage({ id: 'dialPolicy.page.loading', defaultMessage: 'Loading the dial policy' })} />;
  if (view.isError) return <ErrorState message={errorMessage(view.error)} />;
  const { users, refusals } = view.data;
  return (
    <div data-testid="dial-policy-admin">
      <section aria-labelledby="dial-policy-heading" className="admin-section">
        <h2 id="dial-policy-heading" className="section-title">
          <FormattedMessage id="dialPolicy.form.title" defaultMessage="Outbound calls" />
        </h2>
        <p className="muted">
          <FormattedMessage
            id="dialPolicy.form.intro"
            defaultMessage="Numbers outside the allowed countries are international: only the people ticked below may call them. Blocked ranges and premium-rate or shared-cost numbers are refused for everyone."
          />
        </p>
        <TextField
          label={intl.formatMessage(FIELDS.allowedCountryCodes)}
          hint={intl.formatMessage({ id: 'dialPolicy.form.countriesHint', defaultMessage: 'Country calling codes, e.g. {example}' }, { example: isolateLtr('36, 43') })}
          dir="ltr"
          value={countries}
          onChange={(e) => setCountries(e.target.value)}
          data-testid="dial-policy-countries"
        />
        <TextAreaField
          label={intl.formatMessage(FIELDS.blockedPrefixes, fieldValues)}
          rows={5}
          dir="ltr"
          value={prefixes}
          onChange={(e) => setPrefixes(e.target.value)}
          data-testid="dial-policy-prefixes"
        />
        <label className="checkbox-row">
          <input type="checkbox" checked={blockSpecial} onChange={(e) => setBlockSpecial(e.target.checked)} data-testid="dial-policy-block-special" />{' '}
          {intl.formatMessage(FIELDS.blockSpecialServices)}
        </label>
        <TextField
          label={intl.formatMessage(FIELDS.maxConcurrentCalls)}
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
            <FormattedMessage id="dialPolicy.form.save" defaultMessage="Save" />
          </Button>
        </div>
      </section>

      <section aria-labelledby="dial-policy-users-heading" className="admin-section">
        <h2 id="dial-policy-users-heading" className="section-title">
          <FormattedMessage id="dialPolicy.users.title" defaultMessage="International calls" />
        </h2>
        <table className="table" data-testid="dial-policy-users">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="dialPolicy.users.name" defaultMessage="Name" />
              </th>
              <th scope="col">
                <FormattedMessage id="dialPolicy.users.extension" defaultMessage="Extension" />
              </th>
              <th scope="col">
                <FormattedMessage id="dialPolicy.users.international" defaultMessage="May call abroad" />
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.active ? undefined : 'muted'}>
                <td>
                  <bdi data-user-content>{u.name}</bdi>
                </td>
                <td>
                  <bdi dir="ltr" data-user-content>
                    {u.extension}
                  </bdi>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={intl.formatMessage({ id: 'dialPolicy.users.internationalFor', defaultMessage: '{name} may call abroad' }, { name: u.name })}
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
          <FormattedMessage id="dialPolicy.refusals.title" defaultMessage="Refused calls" />
        </h2>
        {refusals.length === 0 ? (
          <p className="muted">
            <FormattedMessage id="dialPolicy.refusals.empty" defaultMessage="No call has been refused." />
          </p>
        ) : (
          <table className="table" data-testid="dial-policy-refusals">
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage id="dialPolicy.refusals.when" defaultMessage="When" />
                </th>
                <th scope="col">
                  <FormattedMessage id="dialPolicy.refusals.who" defaultMessage="Who" />
                </th>
                <th scope="col">
                  <FormattedMessage id="dialPolicy.refusals.number" defaultMessage="Number" />
                </th>
                <th scope="col">
                  <FormattedMessage id="dialPolicy.refusals.why" defaultMessage="Why" />
                </th>
              </tr>
            </thead>
            <tbody>
              {refusals.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>
                    {r.userName ? (
                      <bdi data-user-content>{r.userName}</bdi>
                    ) : (
                      <FormattedMessage
                        id="dialPolicy.refusals.extension"
                        defaultMessage="extension {extension}"
                        values={{
                          extension: (
                            <bdi dir="ltr" data-user-content>
                              {r.extension}
                            </bdi>
                          ),
                        }}
                      />
                    )}
                  </td>
                  <td>
                    <bdi dir="ltr" data-user-content>
                      {r.destination}
                    </bdi>
                  </td>
                  <td>{REASONS[r.reason] ? intl.formatMessage(REASONS[r.reason]) : r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
