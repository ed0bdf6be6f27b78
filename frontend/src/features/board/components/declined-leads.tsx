import { useState } from 'react';
import { useIntl } from 'react-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, EmptyState, useToast } from '@/components/ui';
import { isolate } from '@/components/ui/bidi';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, formatNumber } from '@/lib/format';
import { queryKeys } from '@/lib/query-client';
import { useSessionUser } from '@/features/auth';
import { boardApi, DECLINED_LEADS_KEY } from '../api/board-api';

/**
 * Under the Unsorted column: how many leads were declined as spam (the last 7 days, and in all).
 * A Head opens the list and may restore a lead to Unsorted; a Seller sees the count.
 */
export function DeclinedLeads() {
  const intl = useIntl();
  const me = useSessionUser();
  const isHead = me.role === 'head';
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const declined = useQuery({ queryKey: DECLINED_LEADS_KEY, queryFn: ({ signal }) => boardApi.declined(signal) });
  const restore = useMutation({
    mutationFn: (dealId: string) => boardApi.restore(dealId),
    onSuccess: (deal) => {
      toast.success(intl.formatMessage({ id: 'board.declined.restored', defaultMessage: '“{title}” is back in Unsorted' }, { title: isolate(deal.title) }));
      void queryClient.invalidateQueries({ queryKey: DECLINED_LEADS_KEY });
      void queryClient.invalidateQueries({ queryKey: queryKeys.boards });
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  const data = declined.data;
  if (!data || data.total === 0) return null;
  const label = intl.formatMessage(
    { id: 'board.declined.count', defaultMessage: '{week, plural, one {# lead declined as spam this week} other {# leads declined as spam this week}} ({total} in all)' },
    { week: data.last7Days, total: formatNumber(data.total) },
  );
  if (!isHead) {
    return (
      <p className="column-declined" data-testid="inbox-declined" data-total={data.total}>
        {label}
      </p>
    );
  }
  return (
    <>
      <button type="button" className="column-declined is-button" data-testid="inbox-declined" data-total={data.total} onClick={() => setOpen(true)}>
        {label}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} width="lg" testId="inbox-declined-dialog" title={intl.formatMessage({ id: 'board.declined.title', defaultMessage: 'Leads declined as spam' })}>
        {data.items.length === 0 ? (
          <EmptyState>{intl.formatMessage({ id: 'board.declined.none', defaultMessage: 'No lead was declined as spam.' })}</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage({ id: 'board.declined.lead', defaultMessage: 'Lead' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'board.declined.by', defaultMessage: 'Declined by' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'board.declined.when', defaultMessage: 'When' })}</th>
                <th scope="col">
                  <span className="visually-hidden">{intl.formatMessage({ id: 'board.declined.actions', defaultMessage: 'Actions' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.deal.id} data-testid={`declined-${item.deal.id}`}>
                  <td>
                    <bdi data-user-content>{item.deal.title}</bdi>
                    {item.deal.contactName && (
                      <>
                        {' · '}
                        <bdi data-user-content>{item.deal.contactName}</bdi>
                      </>
                    )}
                    {item.deal.contactPhone && (
                      <>
                        {' '}
                        <bdi dir="ltr">{item.deal.contactPhone}</bdi>
                      </>
                    )}
                  </td>
                  <td>{item.declinedByName ? <bdi data-user-content>{item.declinedByName}</bdi> : '—'}</td>
                  <td>{formatDateTime(item.declinedAt)}</td>
                  <td>
                    <Button size="sm" busy={restore.isPending && restore.variables === item.deal.id} onClick={() => restore.mutate(item.deal.id)} data-testid={`declined-restore-${item.deal.id}`}>
                      {intl.formatMessage({ id: 'board.declined.restore', defaultMessage: 'Restore' })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data.total > data.items.length && (
          <p className="muted">
            {intl.formatMessage({ id: 'board.declined.more', defaultMessage: 'The newest {shown} of {total} are shown.' }, { shown: data.items.length, total: data.total })}
          </p>
        )}
        <p className="muted">{intl.formatMessage({ id: 'board.declined.reports', defaultMessage: 'Declined leads count in no report and get no reminders.' })}</p>
      </Dialog>
    </>
  );
}
