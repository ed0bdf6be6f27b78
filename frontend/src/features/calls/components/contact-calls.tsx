import { defineMessages, useIntl } from 'react-intl';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { callKeys, listCalls, type CallFilter } from '../api/calls-api';
import { CallList } from './call-list';

const PAGE = 20;

const M = defineMessages({
  loading: { id: 'calls.contact.loading', defaultMessage: 'Loading the calls' },
  empty: { id: 'calls.contact.empty', defaultMessage: 'No calls yet.' },
  caption: { id: 'calls.contact.caption', defaultMessage: 'Calls with this contact, newest first' },
  more: { id: 'calls.contact.more', defaultMessage: 'Show older calls' },
});

/** A contact's calls with their outcomes, newest first, 20 at a time. */
export function ContactCalls({ contactId }: { contactId: string }) {
  const intl = useIntl();
  const filter: CallFilter = { contactId };
  const calls = useInfiniteQuery({
    queryKey: callKeys.list(filter, PAGE),
    queryFn: ({ pageParam, signal }) => listCalls(filter, PAGE, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.id : undefined),
  });
  if (calls.isPending) return <Spinner label={intl.formatMessage(M.loading)} />;
  if (calls.isError) return <ErrorState message={errorMessage(calls.error)} />;
  const rows = calls.data.pages.flat();
  if (rows.length === 0) return <p className="muted" data-testid="calls-empty">{intl.formatMessage(M.empty)}</p>;
  return (
    <div className="contact-calls" data-testid="contact-calls">
      <CallList calls={rows} caption={intl.formatMessage(M.caption)} />
      {calls.hasNextPage && (
        <Button size="sm" busy={calls.isFetchingNextPage} onClick={() => void calls.fetchNextPage()} data-testid="calls-more">
          {intl.formatMessage(M.more)}
        </Button>
      )}
    </div>
  );
}
