import { Link } from 'react-router';
import { defineMessage, defineMessages, FormattedMessage, type IntlShape, type MessageDescriptor, useIntl } from 'react-intl';
import type { RuleRun } from '@callboard/contracts';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useRuleRuns } from '../hooks/use-rules';
import { ACTION_LABELS, own } from '../utils/rule-labels';
import { joinList } from '../utils/join-list';

const DONE = defineMessages({
  move_stage: { id: 'automation.run.movedStage', defaultMessage: 'moved the deal' },
  assign: { id: 'automation.run.assigned', defaultMessage: 'assigned the deal' },
  create_task: { id: 'automation.run.createdTask', defaultMessage: 'created a task' },
  setQualification: { id: 'automation.run.setQualification', defaultMessage: 'set the qualification' },
  setLostReason: { id: 'automation.run.setLostReason', defaultMessage: 'set the lost reason' },
  setMissed: { id: 'automation.run.setMissed', defaultMessage: 'set the missed-call mark' },
  setField: { id: 'automation.run.setField', defaultMessage: 'set the field' },
  notify: { id: 'automation.run.notified', defaultMessage: 'sent a notification' },
  email: { id: 'automation.run.emailed', defaultMessage: 'sent an email' },
  acted: { id: 'automation.run.acted', defaultMessage: 'acted' },
});

// why the server skipped an action: its reasons have words; a newer one shows as the server wrote it
const SKIPPED: Record<string, MessageDescriptor> = defineMessages({
  'already in that stage': { id: 'automation.run.skippedInStage', defaultMessage: 'skipped “{action}”: already in that stage' },
  'the task has no deal': { id: 'automation.run.skippedNoDeal', defaultMessage: 'skipped “{action}”: the task has no deal' },
});
const NOTIFIED: MessageDescriptor = defineMessage({ id: 'automation.run.notifiedPeople', defaultMessage: 'notified {count, plural, one {# person} other {# people}}' });
const SKIPPED_FOR: MessageDescriptor = defineMessage({ id: 'automation.run.skipped', defaultMessage: 'skipped “{action}”: {reason}' });

/** What one action of a run did, in words (the run's record is the server's, keyed by action type). */
function describeAction(intl: IntlShape, a: Record<string, unknown>): string {
  const type = typeof a.type === 'string' ? a.type : '';
  if (typeof a.skipped === 'string') {
    const label = own(ACTION_LABELS, type);
    const action = label ? intl.formatMessage(label) : intl.formatMessage({ id: 'automation.run.anAction', defaultMessage: 'an action' });
    const known = own(SKIPPED, a.skipped);
    return known ? intl.formatMessage(known, { action }) : intl.formatMessage(SKIPPED_FOR, { action, reason: a.skipped });
  }
  switch (type) {
    case 'move_stage':
    case 'assign':
    case 'create_task':
    case 'email':
      return intl.formatMessage(DONE[type]);
    case 'set_field':
      return intl.formatMessage(
        a.field === 'qualification' ? DONE.setQualification : a.field === 'lostReason' ? DONE.setLostReason : a.field === 'missed' ? DONE.setMissed : DONE.setField,
      );
    case 'notify':
      return Array.isArray(a.userIds) ? intl.formatMessage(NOTIFIED, { count: a.userIds.length }) : intl.formatMessage(DONE.notify);
    default:
      return intl.formatMessage(DONE.acted);
  }
}

function RunRow({ run }: { run: RuleRun }) {
  const intl = useIntl();
  return (
    <li className={`rule-run rule-run-${run.outcome}`} data-testid="rule-run" data-outcome={run.outcome} data-deal-id={run.dealId ?? undefined}>
      <time dateTime={run.createdAt} title={formatDateTime(run.createdAt)}>
        {timeAgo(run.createdAt)}
      </time>
      <span>
        {run.outcome === 'failed' ? (
          <FormattedMessage
            id="automation.run.failed"
            defaultMessage="Failed: {error}"
            values={{ error: run.error ?? intl.formatMessage({ id: 'automation.run.unknownError', defaultMessage: 'unknown error' }) }}
          />
        ) : run.actions.length > 0 ? (
          joinList(run.actions.map((a) => describeAction(intl, a)))
        ) : (
          intl.formatMessage(DONE.acted)
        )}
      </span>
      {run.dealId && (
        <Link to={`/deals/${run.dealId}`} className="rule-run-deal">
          <FormattedMessage id="automation.run.openDeal" defaultMessage="Open deal" />
        </Link>
      )}
    </li>
  );
}

/** What the rule did, newest first. */
export function RuleRuns({ ruleId }: { ruleId: string }) {
  const intl = useIntl();
  const runs = useRuleRuns(ruleId, true);
  if (runs.isPending) return <Spinner label={intl.formatMessage({ id: 'automation.runs.loading', defaultMessage: 'Loading the history' })} />;
  if (runs.isError) return <ErrorState message={errorMessage(runs.error)} />;
  if (runs.data.length === 0)
    return (
      <p className="muted">
        <FormattedMessage id="automation.runs.none" defaultMessage="This rule has not acted yet." />
      </p>
    );
  return (
    <ol className="rule-runs" data-testid="rule-runs">
      {runs.data.map((r) => (
        <RunRow key={r.id} run={r} />
      ))}
    </ol>
  );
}
