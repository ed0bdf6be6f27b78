import { defineMessages, useIntl } from 'react-intl';
import type { Webhook, WebhookDelivery } from '@callboard/contracts';
import { Badge, Button, QueryList, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { usePing, useRedeliver, useWebhookDeliveries } from '../hooks/use-webhooks';

const M = defineMessages({
  loading: { id: 'webhooks.log.loading', defaultMessage: 'Loading the delivery log' },
  empty: { id: 'webhooks.log.empty', defaultMessage: 'Nothing sent yet. Send a test event to try the URL.' },
  ping: { id: 'webhooks.log.ping', defaultMessage: 'Send test event' },
  when: { id: 'webhooks.log.when', defaultMessage: 'Queued' },
  event: { id: 'webhooks.log.event', defaultMessage: 'Event' },
  status: { id: 'webhooks.log.status', defaultMessage: 'Status' },
  attempts: { id: 'webhooks.log.attempts', defaultMessage: 'Attempts (newest first)' },
  delivered: { id: 'webhooks.log.delivered', defaultMessage: 'Delivered' },
  pending: { id: 'webhooks.log.pending', defaultMessage: 'Retrying' },
  failed: { id: 'webhooks.log.failed', defaultMessage: 'Failed' },
  manual: { id: 'webhooks.log.manual', defaultMessage: 'manual' },
  noAnswer: { id: 'webhooks.log.noAnswer', defaultMessage: 'no answer' },
  redeliver: { id: 'webhooks.log.redeliver', defaultMessage: 'Send again' },
  redelivered: { id: 'webhooks.log.redelivered', defaultMessage: 'Queued to be sent again' },
});

const TONE = { delivered: 'success', pending: 'info', failed: 'danger' } as const;

/** A webhook's newest deliveries, each attempt with its HTTP status (or error), and a redelivery button. */
export function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const intl = useIntl();
  const toast = useToast();
  const log = useWebhookDeliveries(webhook.id);
  const redeliver = useRedeliver(webhook.id);
  const ping = usePing(webhook.id);

  async function again(d: WebhookDelivery) {
    try {
      await redeliver.mutateAsync(d.id);
      toast.success(intl.formatMessage(M.redelivered));
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  async function test() {
    try {
      await ping.mutateAsync();
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  return (
    <div className="panel" data-testid={`webhook-log-${webhook.id}`}>
      <Button size="sm" onClick={() => void test()} busy={ping.isPending} disabled={!webhook.enabled} data-testid="webhook-ping">
        {intl.formatMessage(M.ping)}
      </Button>
      <QueryList query={log} loading={intl.formatMessage(M.loading)} empty={intl.formatMessage(M.empty)}>
        {(items) => (
          <table className="table" data-testid="webhook-deliveries">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.when)}</th>
                <th scope="col">{intl.formatMessage(M.event)}</th>
                <th scope="col">{intl.formatMessage(M.status)}</th>
                <th scope="col">{intl.formatMessage(M.attempts)}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid={`webhook-delivery-${d.id}`}>
                  <td>{formatDateTime(d.createdAt)}</td>
                  <td dir="ltr">
                    <code translate="no">{d.eventType}</code> {d.manual && <span className="muted">({intl.formatMessage(M.manual)})</span>}
                  </td>
                  <td>
                    <Badge tone={TONE[d.status]}>{intl.formatMessage(M[d.status])}</Badge>
                    {d.status === 'pending' && d.nextAttemptAt && <span className="muted"> {formatDateTime(d.nextAttemptAt)}</span>}
                  </td>
                  <td>
                    <ul className="webhook-attempts">
                      {d.log.map((a, i) => (
                        <li key={i} data-testid="webhook-attempt">
                          {formatDateTime(a.at)} · <strong dir="ltr">{a.statusCode ?? intl.formatMessage(M.noAnswer)}</strong> ·{' '}
                          {intl.formatMessage({ id: 'webhooks.log.duration', defaultMessage: '{ms, number} ms' }, { ms: a.durationMs })}
                          {a.error && (
                            // the receiver's or the network's own words, as they came
                            <span className="muted" dir="ltr" translate="no">
                              {' '}
                              · {a.error}
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <Button size="sm" onClick={() => void again(d)} disabled={!webhook.enabled || redeliver.isPending} data-testid="webhook-redeliver">
                      {intl.formatMessage(M.redeliver)}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryList>
    </div>
  );
}
