import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Offer, Order, RejectReason } from '@callboard/contracts';
import { Badge, Button, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, formatMoney, formatNumber } from '@/lib/format';
import { useMarkOrderPaid, useOfferStatus, useReviseOffer } from '../hooks/use-offers';
import { canRevise, nextStatuses, OFFER_STATUS_MESSAGES, REJECT_REASON_MESSAGES, type SettableStatus } from '../utils/offer-status';
import { OfferForm } from './offer-form';

const TONE: Partial<Record<Offer['status'], 'success' | 'danger' | 'info'>> = { accepted: 'success', rejected: 'danger', sent: 'info' };

/** A decimal string ("10", "12.5") as a discount: "-10%", "-12.5%" in the user's language. */
function discount(percent: string): string {
  const n = Number(percent);
  return Number.isFinite(n) && n !== 0 ? formatNumber(-n / 100, { style: 'percent', maximumFractionDigits: 2 }) : '';
}

export function OfferCard({ offer, order }: { offer: Offer; order: Order | undefined }) {
  const intl = useIntl();
  const setStatus = useOfferStatus(offer.dealId);
  const revise = useReviseOffer(offer.dealId);
  const markPaid = useMarkOrderPaid(offer.dealId);
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [next, setNext] = useState<SettableStatus | ''>('');
  const [rejectReason, setRejectReason] = useState<RejectReason>('price');
  const options = nextStatuses(offer.status);
  const number = <bdi dir="ltr">{offer.number}</bdi>;

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
    void run(
      async () => {
        await setStatus.mutateAsync({ id: offer.id, body: { status: next, ...(next === 'rejected' ? { rejectReason } : {}) } });
        setNext('');
      },
      intl.formatMessage(
        {
          id: 'offers.card.statusChanged',
          defaultMessage:
            'Offer {number} is {status, select, sent {sent} confirmed {confirmed} in_follow_up {in follow-up} accepted {accepted} rejected {rejected} postponed {postponed} other {changed}}',
        },
        { number: offer.number, status: next },
      ),
    );

  return (
    <li className="offer-card" data-testid={`offer-${offer.id}`} data-status={offer.status} data-number={offer.number}>
      <div className="offer-head">
        <strong>
          {offer.version > 1 ? (
            <FormattedMessage id="offers.card.titleVersion" defaultMessage="Offer {number} v{version}" values={{ number, version: formatNumber(offer.version) }} />
          ) : (
            <FormattedMessage id="offers.card.title" defaultMessage="Offer {number}" values={{ number }} />
          )}
        </strong>
        <Badge tone={TONE[offer.status] ?? 'neutral'}>{intl.formatMessage(OFFER_STATUS_MESSAGES[offer.status])}</Badge>
        {offer.rejectReason && <span className="muted">({intl.formatMessage(REJECT_REASON_MESSAGES[offer.rejectReason])})</span>}
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
                <td data-user-content>{i.product}</td>
                <td className="num">× {formatNumber(Number(i.quantity), { maximumFractionDigits: 6 })}</td>
                <td className="num">{formatMoney(i.unitPrice, offer.currency)}</td>
                <td className="num">{discount(i.discountPercent)}</td>
                <td className="num" data-testid="offer-line-total">
                  {formatMoney(i.lineTotal, offer.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="offer-actions">
        <span className="muted">
          <FormattedMessage id="offers.card.updated" defaultMessage="Updated {when}" values={{ when: formatDateTime(offer.updatedAt) }} />
        </span>
        <span className="toolbar-spacer" />
        {offer.status === 'draft' && !editing && (
          <Button size="sm" onClick={() => setEditing(true)} data-testid={`offer-edit-${offer.id}`}>
            {intl.formatMessage({ id: 'offers.card.edit', defaultMessage: 'Edit items' })}
          </Button>
        )}
        {canRevise(offer.status) && (
          <Button
            size="sm"
            busy={revise.isPending}
            onClick={() => void run(() => revise.mutateAsync(offer.id), intl.formatMessage({ id: 'offers.card.revised', defaultMessage: 'A new draft version was made' }))}
            data-testid={`offer-revise-${offer.id}`}
          >
            {intl.formatMessage({ id: 'offers.card.revise', defaultMessage: 'Renegotiate' })}
          </Button>
        )}
        {options.length > 0 && (
          <>
            <label className="visually-hidden" htmlFor={`offer-next-${offer.id}`}>
              <FormattedMessage id="offers.card.newStatusLabel" defaultMessage="New status of offer {number}" values={{ number }} />
            </label>
            <select id={`offer-next-${offer.id}`} className="input input-sm" value={next} onChange={(e) => setNext(e.target.value as SettableStatus | '')} data-testid={`offer-status-${offer.id}`}>
              <option value="">{intl.formatMessage({ id: 'offers.card.changeStatus', defaultMessage: 'Change status…' })}</option>
              {options.map((s) => (
                <option key={s} value={s}>
                  {intl.formatMessage(OFFER_STATUS_MESSAGES[s])}
                </option>
              ))}
            </select>
            {next === 'rejected' && (
              <select
                className="input input-sm"
                aria-label={intl.formatMessage({ id: 'offers.card.rejectReason', defaultMessage: 'Reason' })}
                value={rejectReason}
                onChange={(e) => setRejectReason(e.target.value as RejectReason)}
                data-testid={`offer-reject-reason-${offer.id}`}
              >
                {Object.entries(REJECT_REASON_MESSAGES).map(([v, message]) => (
                  <option key={v} value={v}>
                    {intl.formatMessage(message)}
                  </option>
                ))}
              </select>
            )}
            <Button size="sm" variant="primary" disabled={!next} busy={setStatus.isPending} onClick={change} data-testid={`offer-status-apply-${offer.id}`}>
              {intl.formatMessage({ id: 'offers.card.apply', defaultMessage: 'Apply' })}
            </Button>
          </>
        )}
      </div>
      {order && (
        <div className="offer-order" data-testid={`order-${order.id}`} data-status={order.status}>
          <FormattedMessage
            id="offers.card.order"
            defaultMessage="Order {number}: {total}"
            values={{ number: <bdi dir="ltr">{order.number}</bdi>, total: formatMoney(order.total, order.currency) }}
          />{' '}
          ·{' '}
          {order.status === 'paid' ? (
            <Badge tone="success">{intl.formatMessage({ id: 'offers.card.orderPaid', defaultMessage: 'Paid' })}</Badge>
          ) : (
            <Button
              size="sm"
              busy={markPaid.isPending}
              onClick={() =>
                void run(
                  () => markPaid.mutateAsync(order.id),
                  intl.formatMessage({ id: 'offers.card.orderPaidDone', defaultMessage: 'Order {number} is paid' }, { number: order.number }),
                )
              }
              data-testid={`order-paid-${order.id}`}
            >
              {intl.formatMessage({ id: 'offers.card.markPaid', defaultMessage: 'Mark paid' })}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
