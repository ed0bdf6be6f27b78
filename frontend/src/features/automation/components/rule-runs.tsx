import { Link } from 'react-router';
import type { RuleRun } from '@callboard/contracts';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useRuleRuns } from '../hooks/use-rules';
import type { ActionType, SetField } from '../utils/rule-draft';
import { ACTION_LABELS, SET_FIELD_LABELS } from '../utils/rule-labels';

function describeAction(a: Record<string, unknown>): string {
  const type = typeof a.type === 'string' ? a.type : 'action';
  if (typeof a.skipped === 'string') return `skipped “${ACTION_LABELS[type as ActionType] ?? 'an action'}”: ${a.skipped}`;
  switch (type) {
    case 'move_stage':
      return 'moved the deal';
    case 'assign':
      return 'assigned the deal';
    case 'create_task':
      return 'created a task';
    case 'set_field':
      return `set the ${typeof a.field === 'string' ? (SET_FIELD_LABELS[a.field as SetField]?.toLowerCase() ?? 'field') : 'field'}`;
    case 'notify': {
      const n = Array.isArray(a.userIds) ? a.userIds.length : null;
      return n === null ? 'sent a notification' : `notified ${n} ${n === 1 ? 'person' : 'people'}`;
    }
    case 'email':
      return 'sent an email';
    default:
      return 'acted';
  }
}

function RunRow({ run }: { run: RuleRun }) {
  return (
    <li className={`rule-run rule-run-${run.outcome}`} data-testid="rule-run" data-outcome={run.outcome} data-deal-id={run.dealId ?? undefined}>
      <time dateTime={run.createdAt} title={formatDateTime(run.createdAt)}>
        {timeAgo(run.createdAt)}
      </time>
      <span>
        {run.outcome === 'failed' ? `Failed: ${run.error ?? 'unknown error'}` : run.actions.map(describeAction).join(', ') || 'acted'}
      </span>
      {run.dealId && (
        <Link to={`/deals/${run.dealId}`} className="rule-run-deal">
          Open deal
        </Link>
      )}
    </li>
  );
}

/** What the rule did, newest first. */
export function RuleRuns({ ruleId }: { ruleId: string }) {
  const runs = useRuleRuns(ruleId, true);
  if (runs.isPending) return <Spinner label="Loading the history" />;
  if (runs.isError) return <ErrorState message={errorMessage(runs.error)} />;
  if (runs.data.length === 0) return <p className="muted">This rule has not acted yet.</p>;
  return (
    <ol className="rule-runs" data-testid="rule-runs">
      {runs.data.map((r) => (
        <RunRow key={r.id} run={r} />
      ))}
    </ol>
  );
}
