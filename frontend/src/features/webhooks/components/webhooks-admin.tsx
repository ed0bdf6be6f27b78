import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { type CreatedWebhook, WEBHOOK_EVENT_TYPES, type Webhook, type WebhookEventType } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, QueryList, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useCreateWebhook, useRemoveWebhook, useUpdateWebhook, useWebhooks } from '../hooks/use-webhooks';
import { DeliveryLog } from './delivery-log';
import './webhooks.css';

const M = defineMessages({
  title: { id: 'webhooks.admin.title', defaultMessage: 'Webhooks' },
  intro: {
    id: 'webhooks.admin.intro',
    defaultMessage:
      'Callboard sends a signed JSON request to your URL when the events you choose happen. Failed deliveries are retried with growing pauses for about 8 hours; a webhook that keeps failing is switched off and the Heads are told. Private, loopback and link-local addresses are refused unless you allow their host.',
  },
  name: { id: 'webhooks.admin.name', defaultMessage: 'Name' },
  url: { id: 'webhooks.admin.url', defaultMessage: 'URL (https:// or http://)' },
  urlColumn: { id: 'webhooks.admin.urlColumn', defaultMessage: 'URL' },
  allowedHosts: { id: 'webhooks.admin.allowedHosts', defaultMessage: 'Allowed private hosts (optional, comma separated)' },
  allowedHostsHint: {
    id: 'webhooks.admin.allowedHostsHint',
    defaultMessage: 'Only for a receiver on your own network, e.g. 10.0.0.5 or erp.internal.',
  },
  events: { id: 'webhooks.admin.events', defaultMessage: 'Events' },
  create: { id: 'webhooks.admin.create', defaultMessage: 'Create webhook' },
  loading: { id: 'webhooks.admin.loading', defaultMessage: 'Loading the webhooks' },
  empty: { id: 'webhooks.admin.empty', defaultMessage: 'No webhook yet.' },
  status: { id: 'webhooks.admin.status', defaultMessage: 'Status' },
  actions: { id: 'webhooks.admin.actions', defaultMessage: 'Actions' },
  enabled: { id: 'webhooks.admin.enabled', defaultMessage: 'On' },
  disabledByHead: { id: 'webhooks.admin.disabledByHead', defaultMessage: 'Off' },
  disabledByFailures: { id: 'webhooks.admin.disabledByFailures', defaultMessage: 'Off after failures' },
  enable: { id: 'webhooks.admin.enable', defaultMessage: 'Enable' },
  disable: { id: 'webhooks.admin.disable', defaultMessage: 'Disable' },
  log: { id: 'webhooks.admin.log', defaultMessage: 'Delivery log' },
  hideLog: { id: 'webhooks.admin.hideLog', defaultMessage: 'Hide log' },
  remove: { id: 'webhooks.admin.remove', defaultMessage: 'Delete' },
  confirmTitle: { id: 'webhooks.admin.confirmTitle', defaultMessage: 'Delete this webhook?' },
  pickEvent: { id: 'webhooks.admin.pickEvent', defaultMessage: 'Choose at least one event' },
  copy: { id: 'webhooks.admin.copy', defaultMessage: 'Copy secret' },
  copied: { id: 'webhooks.admin.copied', defaultMessage: 'Signing secret copied' },
  copyFailed: { id: 'webhooks.admin.copyFailed', defaultMessage: 'Could not copy: select the secret and copy it by hand' },
});

const EVENT_LABELS = defineMessages<WebhookEventType>({
  'deal.created': { id: 'webhooks.event.dealCreated', defaultMessage: 'Deal created' },
  'deal.moved': { id: 'webhooks.event.dealMoved', defaultMessage: 'Deal moved to another stage' },
  'deal.won': { id: 'webhooks.event.dealWon', defaultMessage: 'Deal won' },
  'deal.lost': { id: 'webhooks.event.dealLost', defaultMessage: 'Deal lost' },
  'call.answered': { id: 'webhooks.event.callAnswered', defaultMessage: 'Call answered' },
  'call.missed': { id: 'webhooks.event.callMissed', defaultMessage: 'Call missed' },
  'call.ended': { id: 'webhooks.event.callEnded', defaultMessage: 'Call ended' },
  'task.created': { id: 'webhooks.event.taskCreated', defaultMessage: 'Task created' },
  'task.completed': { id: 'webhooks.event.taskCompleted', defaultMessage: 'Task completed' },
  'task.due': { id: 'webhooks.event.taskDue', defaultMessage: 'Task due' },
});

/**
 * Admin → Webhooks: a Head subscribes a URL to events, sees the signing secret once, switches a
 * webhook on and off, reads its delivery log and sends a delivery again.
 */
export function WebhooksAdmin() {
  const intl = useIntl();
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const remove = useRemoveWebhook();
  const toast = useToast();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [hosts, setHosts] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['deal.created']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setErrors({});
    if (!events.length) return setErrors({ events: intl.formatMessage(M.pickEvent) });
    const allowedHosts = hosts.split(',').map((h) => h.trim()).filter(Boolean);
    try {
      setCreated(await create.mutateAsync({ name, url, events, allowedHosts }));
      setName('');
      setUrl('');
      setHosts('');
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(Object.keys(fields).length ? fields : { url: errorMessage(err) });
    }
  }

  async function toggle(w: Webhook) {
    try {
      await update.mutateAsync({ id: w.id, body: { enabled: !w.enabled } });
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  async function confirmRemove() {
    if (!removing) return;
    try {
      await remove.mutateAsync(removing.id);
      if (created?.webhook.id === removing.id) setCreated(null);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setRemoving(null);
    }
  }

  const flip = (type: WebhookEventType) => setEvents((list) => (list.includes(type) ? list.filter((t) => t !== type) : [...list, type]));

  return (
    <section aria-labelledby="webhooks-heading" className="admin-section" data-testid="webhooks-admin">
      <h2 id="webhooks-heading" className="section-title">
        {intl.formatMessage(M.title)}
      </h2>
      <p className="muted">{intl.formatMessage(M.intro)}</p>
      <form className="webhook-form" onSubmit={submit} data-testid="webhook-form">
        <TextField label={intl.formatMessage(M.name)} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} error={errors.name} data-testid="webhook-name" />
        <TextField label={intl.formatMessage(M.url)} value={url} dir="ltr" inputMode="url" onChange={(e) => setUrl(e.target.value)} error={errors.url} data-testid="webhook-url" />
        <TextField
          label={intl.formatMessage(M.allowedHosts)}
          hint={intl.formatMessage(M.allowedHostsHint)}
          value={hosts}
          dir="ltr"
          onChange={(e) => setHosts(e.target.value)}
          error={errors.allowedHosts}
          data-testid="webhook-allowed-hosts"
        />
        <fieldset className="webhook-events" data-testid="webhook-events">
          <legend>{intl.formatMessage(M.events)}</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type}>
              <input type="checkbox" checked={events.includes(type)} onChange={() => flip(type)} data-testid={`webhook-event-${type}`} />{' '}
              {intl.formatMessage(EVENT_LABELS[type])}{' '}
              <code dir="ltr" translate="no">
                {type}
              </code>
            </label>
          ))}
          {errors.events && (
            <p className="field-error" role="alert">
              {errors.events}
            </p>
          )}
        </fieldset>
        <div>
          <Button type="submit" variant="primary" busy={create.isPending} disabled={!name.trim() || !url.trim()} data-testid="webhook-create">
            {intl.formatMessage(M.create)}
          </Button>
        </div>
      </form>
      {created && <CreatedSecret created={created} />}
      <QueryList query={webhooks} loading={intl.formatMessage(M.loading)} empty={intl.formatMessage(M.empty)}>
        {(items) => (
          <table className="table" data-testid="webhook-list">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.name)}</th>
                <th scope="col">{intl.formatMessage(M.urlColumn)}</th>
                <th scope="col">{intl.formatMessage(M.events)}</th>
                <th scope="col">{intl.formatMessage(M.status)}</th>
                <th scope="col">
                  <span className="visually-hidden">{intl.formatMessage(M.actions)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <WebhookRow
                  key={w.id}
                  webhook={w}
                  open={open === w.id}
                  onToggleLog={() => setOpen(open === w.id ? null : w.id)}
                  onToggle={() => void toggle(w)}
                  onRemove={() => setRemoving(w)}
                  busy={update.isPending}
                />
              ))}
            </tbody>
          </table>
        )}
      </QueryList>
      <ConfirmDialog
        open={!!removing}
        title={intl.formatMessage(M.confirmTitle)}
        confirmLabel={intl.formatMessage(M.remove)}
        busy={remove.isPending}
        onConfirm={confirmRemove}
        onClose={() => setRemoving(null)}
      >
        <FormattedMessage
          id="webhooks.admin.confirmBody"
          defaultMessage="“{name}” stops receiving events at once, and its delivery log is deleted."
          values={{ name: <bdi data-user-content>{removing?.name}</bdi> }}
        />
      </ConfirmDialog>
    </section>
  );
}

function WebhookRow(p: { webhook: Webhook; open: boolean; busy: boolean; onToggleLog: () => void; onToggle: () => void; onRemove: () => void }) {
  const intl = useIntl();
  const w = p.webhook;
  return (
    <>
      <tr data-testid={`webhook-row-${w.id}`}>
        <td>
          <bdi data-user-content>{w.name}</bdi>
        </td>
        <td dir="ltr" data-user-content>
          {w.url}
        </td>
        <td>{w.events.map((e) => intl.formatMessage(EVENT_LABELS[e])).join(', ')}</td>
        <td data-testid="webhook-status">
          {w.enabled ? (
            <Badge tone="success">{intl.formatMessage(M.enabled)}</Badge>
          ) : (
            <Badge tone="danger">{intl.formatMessage(w.disabledReason === 'failures' ? M.disabledByFailures : M.disabledByHead)}</Badge>
          )}
        </td>
        <td className="webhook-actions">
          <Button size="sm" onClick={p.onToggle} busy={p.busy} data-testid="webhook-toggle">
            {intl.formatMessage(w.enabled ? M.disable : M.enable)}
          </Button>{' '}
          <Button size="sm" onClick={p.onToggleLog} aria-expanded={p.open} data-testid="webhook-log-toggle">
            {intl.formatMessage(p.open ? M.hideLog : M.log)}
          </Button>{' '}
          <Button size="sm" variant="danger" onClick={p.onRemove} data-testid="webhook-remove">
            {intl.formatMessage(M.remove)}
          </Button>
        </td>
      </tr>
      {p.open && (
        <tr>
          <td colSpan={5}>
            <DeliveryLog webhook={w} />
          </td>
        </tr>
      )}
    </>
  );
}

function CreatedSecret({ created }: { created: CreatedWebhook }) {
  const intl = useIntl();
  const toast = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.secret);
      toast.success(intl.formatMessage(M.copied));
    } catch {
      toast.error(intl.formatMessage(M.copyFailed));
    }
  }
  return (
    <div className="panel" role="status" data-testid="webhook-created">
      <p>
        <FormattedMessage
          id="webhooks.admin.createdNote"
          defaultMessage="The signing secret of “{name}” is shown <strong>only now</strong>. Keep it in your receiver: it checks the Callboard-Signature header with it."
          values={{ name: <bdi data-user-content>{created.webhook.name}</bdi>, strong: (chunks) => <strong>{chunks}</strong> }}
        />
      </p>
      <p className="one-time-secret" dir="ltr" data-user-content data-testid="webhook-secret">
        {created.secret}
      </p>
      <Button onClick={copy} data-testid="webhook-copy">
        {intl.formatMessage(M.copy)}
      </Button>
    </div>
  );
}
