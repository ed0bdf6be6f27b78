import { useState } from 'react';
import type { Offer, Order, RejectReason } from '@callboard/contracts';
import { Badge, Button, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatMoney } from '@/lib/format';
import { formatDateTime } from '@/lib/format';
import { useMarkOrderPaid, useOfferStatus, useReviseOffer } from '../hooks/use-offers';
import { canRevise, nextStatuses, OFFER_STATUS_LABELS, REJECT_REASON_LABELS, type SettableStatus } from '../utils/offer-status';
import { OfferForm } from './offer-form';

const TONE: Partial<Record<Offer['status'], 'success' | 'danger' | 'info'>> = { accepted: 'success', rejected: 'danger', sent: 'info' };

export function OfferCard({ offer, order }: { offer: Offer; order: Order | undefined }) {
  const setStatus = useOfferStatus(offer.dealId);
  const revise = useReviseOffer(offer.dealId);
  const markPaid = useMarkOrderPaid(offer.dealId);
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [next, setNext] = useState<SettableStatus | ''>('');
  const [rejectReason, setRejectReason] = useState<RejectReason>('price');
  const options = nextStatuses(offer.status);

  async function run(work: () => Promise<unknown>, done: string) {
    try {
      await work();
      toast.success(done);
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  const change = () =>
    next &&
    void run(async () => {
      await setStatus.mutateAsync({ id: offer.id, body: { status: next, ...(next === 'rejected' ? { rejectReason } : {}) } });
      setNext('');
    }, `Offer ${offer.number} is ${OFFER_STATUS_LABELS[next].toLowerCase()}`);

  return (
    <li className="offer-card" data-testid={`offer-${offer.id}`} data-status={offer.status} data-number={offer.number}>
      <div className="offer-head">
        <strong>
          Offer {offer.number}
          {offer.version > 1 && ` v${offer.version}`}
        </strong>
        <Badge tone={TONE[offer.status] ?? 'neutral'}>{OFFER_STATUS_LABELS[offer.status]}</Badge>
        {offer.rejectReason && <span className="muted">({REJECT_REASON_LABELS[offer.rejectReason]})</span>}
        <span className="toolbar-spacer" />
        <span className="offer-total" data-testid={`offer-total-${offer.id}`} data-total={offer.total}>
          {formatMoney(offer.total, offer.currency)}
        </span>
      </div>
      {editing ? (
        <OfferForm dealId={offer.dealId} currency={offer.currency} offer={offer} onDone={() => setEditing(false)} />
      ) : (
        <table className="table offer-items">
          <tbody>
            {offer.items.map((i) => (
              <tr key={i.position}>
                <td>{i.product}</td>
                <td className="num">× {i.quantity}</td>
                <td className="num">{formatMoney(i.unitPrice, offer.currency)}</td>
                <td className="num">{i.discountPercent !== '0' && Number(i.discountPercent) !== 0 ? `−${i.discountPercent}%` : ''}</td>
                <td className="num" data-testid="offer-line-total">
                  {formatMoney(i.lineTotal, offer.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="offer-actions">
        <span className="muted">Updated {formatDateTime(offer.updatedAt)}</span>
        <span className="toolbar-spacer" />
        {offer.status === 'draft' && !editing && (
          <Button size="sm" onClick={() => setEditing(true)} data-testid={`offer-edit-${offer.id}`}>
            Edit items
          </Button>
        )}
        {canRevise(offer.status) && (
          <Button size="sm" busy={revise.isPending} onClick={() => void run(() => revise.mutateAsync(offer.id), 'A new draft version was made')} data-testid={`offer-revise-${offer.id}`}>
            Renegotiate
          </Button>
        )}
        {options.length > 0 && (
          <>
            <label className="visually-hidden" htmlFor={`offer-next-${offer.id}`}>
              New status of offer {offer.number}
            </label>
            <select id={`offer-next-${offer.id}`} className="input input-sm" value={next} onChange={(e) => setNext(e.target.value as SettableStatus | '')} data-testid={`offer-status-${offer.id}`}>
              <option value="">Change status…</option>
              {options.map((s) => (
                <option key={s} value={s}>
                  {OFFER_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            {next === 'rejected' && (
              <select className="input input-sm" aria-label="Reason" value={rejectReason} onChange={(e) => setRejectReason(e.target.value as RejectReason)} data-testid={`offer-reject-reason-${offer.id}`}>
                {Object.entries(REJECT_REASON_LABELS).map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
            )}
            <Button size="sm" variant="primary" disabled={!next} busy={setStatus.isPending} onClick={change} data-testid={`offer-status-apply-${offer.id}`}>
              Apply
            </Button>
          </>
        )}
      </div>
      {order && (
        <div className="offer-order" data-testid={`order-${order.id}`} data-status={order.status}>
          Order {order.number}: {formatMoney(order.total, order.currency)} ·{' '}
          {order.status === 'paid' ? (
            <Badge tone="success">Paid</Badge>
          ) : (
            <Button size="sm" busy={markPaid.isPending} onClick={() => void run(() => markPaid.mutateAsync(order.id), `Order ${order.number} is paid`)} data-testid={`order-paid-${order.id}`}>
              Mark paid
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
