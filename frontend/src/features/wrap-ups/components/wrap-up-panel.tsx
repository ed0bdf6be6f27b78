import { useEffect, useId, useState, type FormEvent } from 'react';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';
import { Link } from 'react-router';
import type { TaskType, WrapUp } from '@callboard/contracts';
import { Button, SelectField, TextAreaField, TextField, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { fromLocalInput, TASK_TYPE_MESSAGES, TASK_TYPES, toLocalInput } from '@/features/tasks';
import { useDismissWrapUp, useSaveWrapUp, useWrapUpOutcomes } from '../hooks/use-wrap-ups';
import type { WrapUpRequest } from '../stores/wrap-up-requests';
import { isKnownOutcome, outcomeText } from '../utils/outcome-labels';
import { needsTask, suggestedTask } from '../utils/wrap-up-form';

type MessageKey =
  | 'title' | 'inbound' | 'outbound' | 'duration' | 'unanswered' | 'openDeal' | 'dealFallback' | 'waiting' | 'outcome' | 'note' | 'nextTask' | 'taskType'
  | 'taskTitle' | 'taskDue' | 'defaultTitle' | 'someone' | 'save' | 'later' | 'laterHint' | 'dismiss' | 'logging' | 'chooseOutcome'
  | 'needsDue' | 'needsTitle' | 'saved' | 'dismissed' | 'alreadyDone';

/** Typed as plain descriptors: several take values (see docs/i18n.md, pitfalls). */
const M: Record<MessageKey, MessageDescriptor> = defineMessages({
  title: { id: 'wrapUps.panel.title', defaultMessage: 'Wrap up the call' },
  inbound: { id: 'wrapUps.panel.inbound', defaultMessage: 'Inbound call with {who}' },
  outbound: { id: 'wrapUps.panel.outbound', defaultMessage: 'Outbound call to {who}' },
  duration: { id: 'wrapUps.panel.duration', defaultMessage: 'Talked {duration}' },
  unanswered: { id: 'wrapUps.panel.unanswered', defaultMessage: 'Not answered' },
  openDeal: { id: 'wrapUps.panel.openDeal', defaultMessage: 'Deal: {title}' },
  dealFallback: { id: 'wrapUps.panel.dealFallback', defaultMessage: 'Open the deal' },
  waiting: { id: 'wrapUps.panel.waiting', defaultMessage: '{count, plural, one {# more call to wrap up} other {# more calls to wrap up}}' },
  outcome: { id: 'wrapUps.panel.outcome', defaultMessage: 'How did it go?' },
  note: { id: 'wrapUps.panel.note', defaultMessage: 'Note' },
  nextTask: { id: 'wrapUps.panel.nextTask', defaultMessage: 'Next task' },
  taskType: { id: 'wrapUps.panel.taskType', defaultMessage: 'Type' },
  taskTitle: { id: 'wrapUps.panel.taskTitle', defaultMessage: 'Task' },
  taskDue: { id: 'wrapUps.panel.taskDue', defaultMessage: 'When' },
  defaultTitle: { id: 'wrapUps.panel.defaultTaskTitle', defaultMessage: 'Call back {who}' },
  someone: { id: 'wrapUps.panel.someone', defaultMessage: 'the customer' },
  save: { id: 'wrapUps.panel.save', defaultMessage: 'Save wrap-up' },
  later: { id: 'wrapUps.panel.later', defaultMessage: 'Later' },
  laterHint: { id: 'wrapUps.panel.laterHint', defaultMessage: 'It stays on your Today list until you finish it.' },
  dismiss: { id: 'wrapUps.panel.dismiss', defaultMessage: 'No wrap-up needed' },
  logging: { id: 'wrapUps.panel.logging', defaultMessage: 'The call is being logged…' },
  chooseOutcome: { id: 'wrapUps.panel.chooseOutcome', defaultMessage: 'Choose how the call went' },
  needsDue: { id: 'wrapUps.panel.needsDue', defaultMessage: 'Say when to call back' },
  needsTitle: { id: 'wrapUps.panel.needsTitle', defaultMessage: 'Name the task' },
  saved: { id: 'wrapUps.panel.saved', defaultMessage: 'Wrap-up saved' },
  dismissed: { id: 'wrapUps.panel.dismissed', defaultMessage: 'Wrap-up dismissed' },
  alreadyDone: { id: 'wrapUps.panel.alreadyDone', defaultMessage: 'This call was already wrapped up (in another tab or by a Head)' },
});

/**
 * The wrap-up of one call: a panel beside the page, never modal (the rep may work on while it is
 * open). Drawn as soon as the call ends, from what the phone knew; savable once the server's
 * wrap-up is there (normally well before the rep has chosen an outcome).
 */
export function WrapUpPanel({ request, wrapUp, waiting, onClose }: { request: WrapUpRequest; wrapUp: WrapUp | null | undefined; waiting: number; onClose: () => void }) {
  const intl = useIntl();
  const toast = useToast();
  const headingId = useId();
  const outcomes = useWrapUpOutcomes();
  const save = useSaveWrapUp();
  const dismiss = useDismissWrapUp();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [withTask, setWithTask] = useState(false);
  const [taskType, setTaskType] = useState<TaskType>('call_back');
  const [taskTitle, setTaskTitle] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);

  const choices = outcomes.data?.outcomes ?? [];
  const who = wrapUp?.contactName ?? wrapUp?.dealTitle ?? request.hint?.name ?? wrapUp?.number ?? request.hint?.number ?? null;
  const direction = wrapUp?.direction ?? request.hint?.direction ?? 'inbound';
  const dealId = wrapUp?.dealId ?? request.hint?.dealId ?? null;

  function choose(key: string) {
    setOutcome(key);
    setError(null);
    const suggested = suggestedTask(key, new Date());
    setWithTask(!!suggested);
    if (!suggested) return;
    setTaskType(suggested.type);
    setDue(toLocalInput(suggested.dueAt.toISOString()));
    setTaskTitle((t) => t || intl.formatMessage(M.defaultTitle, { who: who ?? intl.formatMessage(M.someone) }));
  }

  // what the SIP side said (busy, no answer) is the first choice, once the server's wrap-up is here
  const suggestion = wrapUp?.suggestedOutcome ?? null;
  useEffect(() => {
    if (suggestion && outcome === null && choices.includes(suggestion)) choose(suggestion);
    // once per suggestion: `choose` and the list only matter when the suggestion or the outcomes change
  }, [suggestion, choices.join()]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!wrapUp) return;
    if (!outcome) return setError(intl.formatMessage(M.chooseOutcome));
    const dueAt = fromLocalInput(due);
    if ((withTask || needsTask(outcome)) && !dueAt) return setError(intl.formatMessage(M.needsDue));
    if ((withTask || needsTask(outcome)) && !taskTitle.trim()) return setError(intl.formatMessage(M.needsTitle));
    try {
      await save.mutateAsync({
        id: wrapUp.id,
        body: {
          outcome,
          ...(note.trim() ? { note } : {}),
          nextTask: withTask || needsTask(outcome) ? { type: taskType, title: taskTitle.trim(), dueAt: dueAt! } : null,
        },
      });
      toast.success(intl.formatMessage(M.saved));
      onClose();
    } catch (err) {
      if (err instanceof ApiRequestError && err.is('WRAP_UP_ALREADY_DONE')) {
        toast.success(intl.formatMessage(M.alreadyDone));
        onClose();
      } else setError(errorMessage(err));
    }
  }

  async function noWrapUp() {
    if (!wrapUp) return;
    try {
      await dismiss.mutateAsync(wrapUp.id);
      toast.success(intl.formatMessage(M.dismissed));
      onClose();
    } catch (err) {
      if (err instanceof ApiRequestError && err.is('WRAP_UP_ALREADY_DONE')) onClose();
      else setError(errorMessage(err));
    }
  }

  const whoNode = who ? <bdi data-user-content>{who}</bdi> : intl.formatMessage(M.someone);
  return (
    <section
      className="wrap-up-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      data-testid="wrap-up-panel"
      data-call-id={request.sipCallId}
      data-wrap-up-id={wrapUp?.id}
      data-ready={wrapUp ? 'true' : 'false'}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={headingId} className="wrap-up-title">
          {intl.formatMessage(M.title)}
        </h2>
        <p className="wrap-up-call" data-testid="wrap-up-call">
          {intl.formatMessage(direction === 'outbound' ? M.outbound : M.inbound, { who: whoNode })}
          {wrapUp && (
            <span className="muted">
              {' · '}
              {wrapUp.answered && wrapUp.durationSec !== null ? intl.formatMessage(M.duration, { duration: formatDuration(wrapUp.durationSec) }) : wrapUp.answered ? null : intl.formatMessage(M.unanswered)}
            </span>
          )}
        </p>
        {dealId && (
          <p className="wrap-up-deal">
            <Link to={`/deals/${dealId}`} data-testid="wrap-up-deal">
              {wrapUp?.dealTitle ? intl.formatMessage(M.openDeal, { title: <bdi data-user-content>{wrapUp.dealTitle}</bdi> }) : intl.formatMessage(M.dealFallback)}
            </Link>
          </p>
        )}
        <fieldset className="wrap-up-outcomes">
          <legend>{intl.formatMessage(M.outcome)}</legend>
          {choices.map((key) => (
            <label key={key} className={`wrap-up-outcome${outcome === key ? ' is-chosen' : ''}`}>
              <input type="radio" name="wrap-up-outcome" value={key} checked={outcome === key} onChange={() => choose(key)} data-testid={`wrap-up-outcome-${key}`} />{' '}
              {isKnownOutcome(key) ? outcomeText(intl, key) : <bdi data-user-content>{outcomeText(intl, key)}</bdi>}
            </label>
          ))}
        </fieldset>
        <TextAreaField label={intl.formatMessage(M.note)} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} data-testid="wrap-up-note" />
        <label className="checkbox-row">
          <input type="checkbox" checked={withTask || needsTask(outcome)} disabled={needsTask(outcome)} onChange={(e) => setWithTask(e.target.checked)} data-testid="wrap-up-with-task" />{' '}
          {intl.formatMessage(M.nextTask)}
        </label>
        {(withTask || needsTask(outcome)) && (
          <div className="wrap-up-task">
            <SelectField label={intl.formatMessage(M.taskType)} value={taskType} onChange={(e) => setTaskType(e.target.value as TaskType)} data-testid="wrap-up-task-type">
              {TASK_TYPES.map((t) => (
                <option key={t} value={t}>
                  {intl.formatMessage(TASK_TYPE_MESSAGES[t])}
                </option>
              ))}
            </SelectField>
            <TextField label={intl.formatMessage(M.taskTitle)} value={taskTitle} onChange={(e) => setTaskTitle(e.target.value)} maxLength={200} data-testid="wrap-up-task-title" />
            <TextField label={intl.formatMessage(M.taskDue)} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} data-testid="wrap-up-task-due" />
          </div>
        )}
        {error && (
          <div className="form-error" role="alert" data-testid="wrap-up-error">
            {error}
          </div>
        )}
        {!wrapUp && (
          <p className="muted wrap-up-logging" role="status">
            {intl.formatMessage(M.logging)}
          </p>
        )}
        <div className="form-actions wrap-up-actions">
          <Button type="submit" variant="primary" busy={save.isPending} disabled={!wrapUp} data-testid="wrap-up-save">
            {intl.formatMessage(M.save)}
          </Button>
          <Button onClick={onClose} title={intl.formatMessage(M.laterHint)} data-testid="wrap-up-later">
            {intl.formatMessage(M.later)}
          </Button>
          <Button variant="ghost" busy={dismiss.isPending} disabled={!wrapUp} onClick={() => void noWrapUp()} data-testid="wrap-up-dismiss">
            {intl.formatMessage(M.dismiss)}
          </Button>
        </div>
        {waiting > 0 && <p className="muted wrap-up-more">{intl.formatMessage(M.waiting, { count: waiting })}</p>}
      </form>
    </section>
  );
}
