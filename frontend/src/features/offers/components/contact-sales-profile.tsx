import { FormattedMessage, defineMessages, useIntl, type MessageDescriptor } from 'react-intl';
import type { CustomerTier, SalesProfile } from '@callboard/contracts';
import { Badge, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatNumber } from '@/lib/format';
import { useSalesProfile, useUpdateSalesProfile } from '../hooks/use-sales-profile';

const TIERS: Record<CustomerTier, MessageDescriptor> = defineMessages({
  none: { id: 'offers.tier.none', defaultMessage: 'Not a customer yet' },
  one_time: { id: 'offers.tier.oneTime', defaultMessage: 'One-time customer' },
  returning: { id: 'offers.tier.returning', defaultMessage: 'Returning customer' },
  regular: { id: 'offers.tier.regular', defaultMessage: 'Regular customer' },
});

const CONSENTS: Record<keyof SalesProfile['consents'], MessageDescriptor> = defineMessages({
  email: { id: 'offers.consent.email', defaultMessage: 'Email' },
  phone: { id: 'offers.consent.phone', defaultMessage: 'Phone' },
  newsletter: { id: 'offers.consent.newsletter', defaultMessage: 'Newsletter' },
});

/** The deal's contact as a customer: importance class, consents, and the tier paid orders give. */
export function ContactSalesProfile({ contactId, contactName }: { contactId: string; contactName: string | null }) {
  const intl = useIntl();
  const profile = useSalesProfile(contactId);
  const update = useUpdateSalesProfile(contactId);
  const toast = useToast();

  if (profile.isPending) return <Spinner label={intl.formatMessage({ id: 'offers.profile.loading', defaultMessage: 'Loading the customer profile' })} />;
  if (profile.isError) return <ErrorState message={errorMessage(profile.error)} />;
  const p = profile.data;

  const save = (body: Parameters<typeof update.mutateAsync>[0]) =>
    update.mutateAsync(body).catch((e: unknown) => {
      toast.error(errorMessage(e));
    });

  return (
    <div className="sales-profile" data-testid="sales-profile" data-tier={p.tier}>
      <div className="sales-profile-head">
        <strong>
          {contactName ? <bdi data-user-content>{contactName}</bdi> : intl.formatMessage({ id: 'offers.profile.unnamed', defaultMessage: 'Contact' })}
        </strong>
        <Badge tone={p.tier === 'none' ? 'neutral' : 'success'}>{intl.formatMessage(TIERS[p.tier])}</Badge>
        {p.paidOrders > 0 && (
          <span className="muted">
            <FormattedMessage
              id="offers.profile.paidOrders"
              defaultMessage="{count, plural, one {{shown} paid order} other {{shown} paid orders}}"
              values={{ count: p.paidOrders, shown: formatNumber(p.paidOrders) }}
            />
          </span>
        )}
      </div>
      <div className="sales-profile-row">
        <label htmlFor={`class-${contactId}`}>{intl.formatMessage({ id: 'offers.profile.class', defaultMessage: 'Class' })}</label>
        <select
          id={`class-${contactId}`}
          className="input input-sm"
          value={p.class ?? ''}
          disabled={update.isPending}
          onChange={(e) => void save({ class: e.target.value === 'A' || e.target.value === 'B' || e.target.value === 'C' ? e.target.value : null })}
          data-testid="sales-profile-class"
        >
          <option value="">—</option>
          <option value="A">{intl.formatMessage({ id: 'offers.profile.classA', defaultMessage: 'A (most important)' })}</option>
          {/* the class letters are never translated */}
          <option value="B" translate="no">
            B
          </option>
          <option value="C" translate="no">
            C
          </option>
        </select>
        <span className="muted">{intl.formatMessage({ id: 'offers.profile.consents', defaultMessage: 'Consents:' })}</span>
        {(Object.keys(CONSENTS) as (keyof SalesProfile['consents'])[]).map((key) => (
          <label key={key} className="checkbox-inline">
            <input
              type="checkbox"
              checked={p.consents[key]}
              disabled={update.isPending}
              onChange={(e) => void save({ consents: { [key]: e.target.checked } })}
              data-testid={`sales-profile-consent-${key}`}
            />{' '}
            {intl.formatMessage(CONSENTS[key])}
          </label>
        ))}
      </div>
    </div>
  );
}
