import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import type { Deal } from '@callboard/contracts';
import { Button, ConfirmDialog, Dialog, SelectField, useToast } from '@/components/ui';
import { isolate } from '@/components/ui/bidi';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatMoney } from '@/lib/format';
import { useAcceptDeal, useDeclineAsSpam, useMergeDeal, useOpenDealsOfContact } from '../hooks/use-deal';
import { OwnerSelect } from './owner-select';

/** Someone else acted on the lead first: it left the inbox (409) or this rep's sight (404). */
const goneFirst = (e: unknown) => e instanceof ApiRequestError && (e.statusCode === 409 || e.statusCode === 404);

/**
 * The Unsorted inbox's actions on a lead (issue 17 part 6), for calls and web forms alike:
 * accept (a Seller takes it; a Head gives it to a rep), decline as spam, merge into another open
 * deal of the same contact.
 */
export function InboxActions({ deal, isHead, userId }: { deal: Deal; isHead: boolean; userId: string }) {
  const intl = useIntl();
  const toast = useToast();
  const navigate = useNavigate();
  const accept = useAcceptDeal(deal.id);
  const decline = useDeclineAsSpam(deal.id);
  const merge = useMergeDeal(deal.id);
  const [assignee, setAssignee] = useState<string | null>(userId);
  const [confirmSpam, setConfirmSpam] = useState(false);
  const [merging, setMerging] = useState(false);
  const [target, setTarget] = useState('');
  const others = useOpenDealsOfContact(deal.contactId, merging);
  const choices = (others.data ?? []).filter((d) => d.id !== deal.id);
  const tooLate = intl.formatMessage({ id: 'deal.inbox.tooLate', defaultMessage: 'Someone else dealt with this lead first.' });

  async function doAccept() {
    try {
      const taken = await accept.mutateAsync(isHead && assignee ? { ownerId: assignee } : {});
      toast.success(
        intl.formatMessage({ id: 'deal.inbox.accepted', defaultMessage: '“{title}” moved to {owner}’s deals' }, { title: isolate(taken.title), owner: isolate(taken.ownerName ?? '') }),
      );
    } catch (e) {
      toast.error(goneFirst(e) ? tooLate : errorMessage(e));
    }
  }

  async function doDecline() {
    try {
      await decline.mutateAsync();
      toast.success(intl.formatMessage({ id: 'deal.inbox.declined', defaultMessage: '“{title}” declined as spam' }, { title: isolate(deal.title) }));
      navigate('/board');
    } catch (e) {
      setConfirmSpam(false);
      toast.error(goneFirst(e) ? tooLate : errorMessage(e));
    }
  }

  async function doMerge() {
    try {
      const result = await merge.mutateAsync(target);
      toast.success(intl.formatMessage({ id: 'deal.inbox.merged', defaultMessage: 'Merged into “{title}”' }, { title: isolate(result.deal.title) }));
      navigate(`/deals/${result.deal.id}`);
    } catch (e) {
      setMerging(false);
      toast.error(goneFirst(e) ? tooLate : errorMessage(e));
    }
  }

  return (
    <div className="deal-inbox-actions" data-testid="deal-inbox-actions">
      {isHead && (
        <OwnerSelect value={assignee} onChange={setAssignee} />
      )}
      <Button variant="primary" busy={accept.isPending} disabled={isHead && !assignee} onClick={() => void doAccept()} data-testid="deal-inbox-accept">
        {intl.formatMessage({ id: 'deal.inbox.accept', defaultMessage: 'Accept' })}
      </Button>
      {deal.contactId && (
        <Button variant="secondary" onClick={() => setMerging(true)} data-testid="deal-inbox-merge">
          {intl.formatMessage({ id: 'deal.inbox.merge', defaultMessage: 'Merge into…' })}
        </Button>
      )}
      <Button variant="ghost" onClick={() => setConfirmSpam(true)} data-testid="deal-inbox-spam">
        {intl.formatMessage({ id: 'deal.inbox.spam', defaultMessage: 'Decline as spam' })}
      </Button>
      <ConfirmDialog
        open={confirmSpam}
        title={intl.formatMessage({ id: 'deal.inbox.spamTitle', defaultMessage: 'Decline this lead as spam?' })}
        confirmLabel={intl.formatMessage({ id: 'deal.inbox.spamConfirm', defaultMessage: 'Decline as spam' })}
        busy={decline.isPending}
        onConfirm={() => void doDecline()}
        onClose={() => setConfirmSpam(false)}
      >
        <p>
          <FormattedMessage
            id="deal.inbox.spamWarning"
            defaultMessage="“{title}” leaves every board and report. It is counted under Unsorted, and a Head can restore it."
            values={{ title: <bdi data-user-content>{deal.title}</bdi> }}
          />
        </p>
      </ConfirmDialog>
      <Dialog
        open={merging}
        title={intl.formatMessage({ id: 'deal.inbox.mergeTitle', defaultMessage: 'Merge into another deal of this contact' })}
        onClose={() => setMerging(false)}
        testId="deal-merge-dialog"
        footer={
          <>
            <Button variant="ghost" onClick={() => setMerging(false)}>
              {intl.formatMessage({ id: 'deal.inbox.cancel', defaultMessage: 'Cancel' })}
            </Button>
            <Button variant="primary" busy={merge.isPending} disabled={!target} onClick={() => void doMerge()} data-testid="deal-merge-confirm">
              {intl.formatMessage({ id: 'deal.inbox.mergeConfirm', defaultMessage: 'Merge' })}
            </Button>
          </>
        }
      >
        {others.isSuccess && choices.length === 0 ? (
          <p data-testid="deal-merge-none">{intl.formatMessage({ id: 'deal.inbox.mergeNone', defaultMessage: 'This contact has no other open deal you can see.' })}</p>
        ) : (
          <>
            <p>
              {intl.formatMessage({
                id: 'deal.inbox.mergeHelp',
                defaultMessage: 'Its calls, tasks, notes and visits move to the deal you choose; this lead leaves Unsorted.',
              })}
            </p>
            <SelectField
              label={intl.formatMessage({ id: 'deal.inbox.mergeTarget', defaultMessage: 'Deal' })}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              data-testid="deal-merge-target"
            >
              <option value="">{intl.formatMessage({ id: 'deal.inbox.mergeChoose', defaultMessage: 'Choose a deal' })}</option>
              {choices.map((d) => (
                <option key={d.id} value={d.id} data-user-content>
                  {`${d.title} · ${formatMoney(d.amount, d.currency)}${d.ownerName ? ` · ${d.ownerName}` : ''}`}
                </option>
              ))}
            </SelectField>
          </>
        )}
      </Dialog>
    </div>
  );
}
