import { useState, type FormEvent } from 'react';
import { FormattedMessage, defineMessages, useIntl, type MessageDescriptor } from 'react-intl';
import type { Offer, OfferItemInput } from '@callboard/contracts';
import { Button, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { formatNumber } from '@/lib/format';
import { normaliseAmountInput } from '@/lib/money';
import { useCreateOffer, useUpdateOffer } from '../hooks/use-offers';

interface Line {
  product: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
}

const EMPTY: Line = { product: '', quantity: '1', unitPrice: '', discountPercent: '0' };

/** Each field of a line as a screen reader names it: "Unit price, line 2". */
const FIELD_LABELS: Record<keyof Line, MessageDescriptor> = defineMessages({
  product: { id: 'offers.form.productOfLine', defaultMessage: 'Product, line {line}' },
  quantity: { id: 'offers.form.quantityOfLine', defaultMessage: 'Quantity, line {line}' },
  unitPrice: { id: 'offers.form.unitPriceOfLine', defaultMessage: 'Unit price, line {line}' },
  discountPercent: { id: 'offers.form.discountOfLine', defaultMessage: 'Discount, line {line}' },
});

function linesOf(offer: Offer | undefined): Line[] {
  if (!offer) return [{ ...EMPTY }];
  return offer.items.map((i) => ({ product: i.product, quantity: i.quantity, unitPrice: i.unitPrice, discountPercent: i.discountPercent }));
}

/** Line items of a new offer, or of a draft being edited. Totals are computed by the server only. */
export function OfferForm({ dealId, currency, offer, onDone }: { dealId: string; currency: string; offer?: Offer; onDone: () => void }) {
  const intl = useIntl();
  const create = useCreateOffer(dealId);
  const update = useUpdateOffer(dealId);
  const toast = useToast();
  const [lines, setLines] = useState<Line[]>(() => linesOf(offer));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const busy = create.isPending || update.isPending;

  const setLine = (i: number, p: Partial<Line>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...p } : l)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    // Prices may be typed with a decimal comma or thousands separators; the server checks the rest.
    const items: OfferItemInput[] = lines.map((l) => ({
      product: l.product.trim(),
      quantity: l.quantity.trim().replace(',', '.'),
      unitPrice: normaliseAmountInput(l.unitPrice) ?? l.unitPrice.trim(),
      discountPercent: l.discountPercent.trim().replace(',', '.') || '0',
    }));
    try {
      if (offer) await update.mutateAsync({ id: offer.id, body: { items } });
      else await create.mutateAsync({ dealId, items });
      toast.success(
        offer
          ? intl.formatMessage({ id: 'offers.form.updated', defaultMessage: 'Offer updated' })
          : intl.formatMessage({ id: 'offers.form.created', defaultMessage: 'Offer created' }),
      );
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setFormError(errorMessage(err));
    }
  }

  return (
    <form className="offer-form" onSubmit={submit} noValidate data-testid="offer-form">
      <table className="table offer-lines">
        <thead>
          <tr>
            <th scope="col">{intl.formatMessage({ id: 'offers.form.product', defaultMessage: 'Product' })}</th>
            <th scope="col">{intl.formatMessage({ id: 'offers.form.quantity', defaultMessage: 'Quantity' })}</th>
            <th scope="col">
              <FormattedMessage id="offers.form.unitPrice" defaultMessage="Unit price ({currency})" values={{ currency: <bdi dir="ltr">{currency}</bdi> }} />
            </th>
            <th scope="col">{intl.formatMessage({ id: 'offers.form.discount', defaultMessage: 'Discount %' })}</th>
            <th scope="col">
              <span className="visually-hidden">{intl.formatMessage({ id: 'offers.form.remove', defaultMessage: 'Remove' })}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i} data-testid={`offer-line-${i}`}>
              {(['product', 'quantity', 'unitPrice', 'discountPercent'] as const).map((f) => (
                <td key={f}>
                  <input
                    className="input input-sm"
                    aria-label={intl.formatMessage(FIELD_LABELS[f], { line: formatNumber(i + 1) })}
                    inputMode={f === 'product' ? undefined : 'decimal'}
                    maxLength={f === 'product' ? 200 : 20}
                    value={l[f]}
                    aria-invalid={errors[`items.${i}.${f}`] ? true : undefined}
                    title={errors[`items.${i}.${f}`]}
                    onChange={(e) => setLine(i, { [f]: e.target.value })}
                    data-testid={`offer-line-${i}-${f}`}
                  />
                </td>
              ))}
              <td>
                <Button size="sm" variant="ghost" disabled={lines.length === 1} onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))} aria-label={intl.formatMessage({ id: 'offers.form.removeLine', defaultMessage: 'Remove line {line}' }, { line: formatNumber(i + 1) })}>
                  ×
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {formError && (
        <div className="form-error" role="alert">
          {formError}
        </div>
      )}
      <div className="form-actions">
        <Button size="sm" disabled={lines.length >= 200} onClick={() => setLines((ls) => [...ls, { ...EMPTY }])} data-testid="offer-add-line">
          {intl.formatMessage({ id: 'offers.form.addLine', defaultMessage: 'Add line' })}
        </Button>
        <span className="toolbar-spacer" />
        <Button onClick={onDone}>{intl.formatMessage({ id: 'offers.form.cancel', defaultMessage: 'Cancel' })}</Button>
        <Button type="submit" variant="primary" busy={busy} data-testid="offer-submit">
          {offer
            ? intl.formatMessage({ id: 'offers.form.saveDraft', defaultMessage: 'Save draft' })
            : intl.formatMessage({ id: 'offers.form.create', defaultMessage: 'Create offer' })}
        </Button>
      </div>
    </form>
  );
}
