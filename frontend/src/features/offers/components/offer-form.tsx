import { useState, type FormEvent } from 'react';
import type { Offer, OfferItemInput } from '@callboard/contracts';
import { Button, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { normaliseAmountInput } from '@/lib/money';
import { useCreateOffer, useUpdateOffer } from '../hooks/use-offers';

interface Line {
  product: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
}

const EMPTY: Line = { product: '', quantity: '1', unitPrice: '', discountPercent: '0' };

function linesOf(offer: Offer | undefined): Line[] {
  if (!offer) return [{ ...EMPTY }];
  return offer.items.map((i) => ({ product: i.product, quantity: i.quantity, unitPrice: i.unitPrice, discountPercent: i.discountPercent }));
}

/** Line items of a new offer, or of a draft being edited. Totals are computed by the server only. */
export function OfferForm({ dealId, currency, offer, onDone }: { dealId: string; currency: string; offer?: Offer; onDone: () => void }) {
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
      toast.success(offer ? 'Offer updated' : 'Offer created');
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
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price ({currency})</th>
            <th scope="col">Discount %</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
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
                    aria-label={`${f === 'unitPrice' ? 'Unit price' : f === 'discountPercent' ? 'Discount' : f === 'product' ? 'Product' : 'Quantity'}, line ${i + 1}`}
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
                <Button size="sm" variant="ghost" disabled={lines.length === 1} onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))} aria-label={`Remove line ${i + 1}`}>
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
          Add line
        </Button>
        <span className="toolbar-spacer" />
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy} data-testid="offer-submit">
          {offer ? 'Save draft' : 'Create offer'}
        </Button>
      </div>
    </form>
  );
}
