import type { CustomerTier, SalesProfile } from '@callboard/contracts';
import { Badge, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useSalesProfile, useUpdateSalesProfile } from '../hooks/use-sales-profile';

const TIER_LABELS: Record<CustomerTier, string> = { none: 'Not a customer yet', one_time: 'One-time customer', returning: 'Returning customer', regular: 'Regular customer' };
const CONSENTS: { key: keyof SalesProfile['consents']; label: string }[] = [
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'newsletter', label: 'Newsletter' },
];

/** The deal's contact as a customer: importance class, consents, and the tier paid orders give. */
export function ContactSalesProfile({ contactId, contactName }: { contactId: string; contactName: string | null }) {
  const profile = useSalesProfile(contactId);
  const update = useUpdateSalesProfile(contactId);
  const toast = useToast();

  if (profile.isPending) return <Spinner label="Loading the customer profile" />;
  if (profile.isError) return <ErrorState message={errorMessage(profile.error)} />;
  const p = profile.data;

  const save = (body: Parameters<typeof update.mutateAsync>[0]) =>
    update.mutateAsync(body).catch((e: unknown) => {
      toast.error(errorMessage(e));
    });

  return (
    <div className="sales-profile" data-testid="sales-profile" data-tier={p.tier}>
      <div className="sales-profile-head">
        <strong>{contactName ?? 'Contact'}</strong>
        <Badge tone={p.tier === 'none' ? 'neutral' : 'success'}>{TIER_LABELS[p.tier]}</Badge>
        {p.paidOrders > 0 && (
          <span className="muted">
            {p.paidOrders} paid order{p.paidOrders === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <div className="sales-profile-row">
        <label htmlFor={`class-${contactId}`}>Class</label>
        <select
          id={`class-${contactId}`}
          className="input input-sm"
          value={p.class ?? ''}
          disabled={update.isPending}
          onChange={(e) => void save({ class: e.target.value === 'A' || e.target.value === 'B' || e.target.value === 'C' ? e.target.value : null })}
          data-testid="sales-profile-class"
        >
          <option value="">—</option>
          <option value="A">A (most important)</option>
          <option value="B">B</option>
          <option value="C">C</option>
        </select>
        <span className="muted">Consents:</span>
        {CONSENTS.map((c) => (
          <label key={c.key} className="checkbox-inline">
            <input
              type="checkbox"
              checked={p.consents[c.key]}
              disabled={update.isPending}
              onChange={(e) => void save({ consents: { [c.key]: e.target.checked } })}
              data-testid={`sales-profile-consent-${c.key}`}
            />{' '}
            {c.label}
          </label>
        ))}
      </div>
    </div>
  );
}
