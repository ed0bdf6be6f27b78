import { type FormEvent, type ReactNode, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { AutomationCatalog, ConditionOp, Rule, RuleEvent, RuleTimer, TaskType } from '@callboard/contracts';
import { Button, SelectField, TextAreaField, TextField, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { QUALIFICATION_MESSAGES } from '@/features/deal';
import { usePipeline, usePipelines } from '@/features/pipelines';
import { TASK_TYPE_MESSAGES } from '@/features/tasks';
import { useAssignableUsers } from '@/features/users';
import { isKnownOutcome, outcomeText, useWrapUpOutcomes } from '@/features/wrap-ups';
import { useCreateRule, useUpdateRule } from '../hooks/use-rules';
import {
  type ActionDraft,
  type ActionType,
  blankAction,
  blankCondition,
  blankDraft,
  BOOLEAN_OPS,
  CHOICE_OPS,
  type ConditionDraft,
  type DraftErrors,
  draftOf,
  errorKey,
  isListOp,
  NUMBER_OPS,
  type RuleDraft,
  type SetField,
  takesValue,
  TEXT_OPS,
  type TimeUnit,
  validateDraft,
} from '../utils/rule-draft';
import {
  ACTION_LABELS,
  eventLabel,
  fieldLabel,
  OP_LABELS,
  PERSON_FIELDS,
  PIPELINE_FIELDS,
  SET_FIELD_LABELS,
  STAGE_ID_FIELDS,
  STAGE_KEY_FIELDS,
  timerLabel,
  UNIT_LABELS,
} from '../utils/rule-labels';
import { QUALIFICATION_CHOICES, valueChoices as fixedChoices } from '../utils/value-words';

/** A list's choices: its value, its words, and whether the words are the team's own (a stage's or a person's name). */
type Choices = [value: string, label: string, userContent?: boolean][];

/**
 * Creates a rule, or edits one's name, trigger, conditions and actions. The body is checked by the
 * API's own schema before it is sent; when the server still refuses, its message is shown.
 */
export function RuleForm({ rule, catalog, onDone }: { rule?: Rule; catalog: AutomationCatalog; onDone: () => void }) {
  const intl = useIntl();
  const create = useCreateRule();
  const update = useUpdateRule();
  const toast = useToast();
  const users = useAssignableUsers();
  const pipelines = usePipelines();
  const pipeline = usePipeline();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftOf(rule) : blankDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const set = (p: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...p }));
  const setCondition = (i: number, p: Partial<ConditionDraft>) => set({ conditions: draft.conditions.map((c, j) => (j === i ? { ...c, ...p } : c)) });
  const setAction = (i: number, p: Partial<ActionDraft>) => set({ actions: draft.actions.map((a, j) => (j === i ? { ...a, ...p } : a)) });

  const stages = pipeline?.stages ?? [];
  const outcomes = useWrapUpOutcomes();
  const keyedStages: Choices = stages.filter((s) => s.systemKey).map((s) => [s.systemKey!, s.name, true]);
  const people: Choices = users.map((u) => [u.id, u.name, true]);
  const yesNo: Choices = [
    ['true', intl.formatMessage({ id: 'automation.form.yes', defaultMessage: 'Yes' })],
    ['false', intl.formatMessage({ id: 'automation.form.no', defaultMessage: 'No' })],
  ];
  const choose = intl.formatMessage({ id: 'automation.form.choose', defaultMessage: 'Choose…' });
  const valueLabel = intl.formatMessage({ id: 'automation.form.value', defaultMessage: 'Value' });
  // the fields this trigger carries: the deal's always, the event's only on their events
  const fields = catalog.fields.filter((f) => !f.events || (draft.triggerType === 'event' && f.events.includes(draft.event)));
  const fieldOf = (name: string) => catalog.fields.find((f) => f.field === name);

  function valueChoices(field: string): Choices | null {
    if (STAGE_KEY_FIELDS.has(field)) return keyedStages;
    if (STAGE_ID_FIELDS.has(field)) return stages.map((s) => [s.id, s.name, true]);
    if (PIPELINE_FIELDS.has(field)) return (pipelines.data ?? []).map((p) => [p.id, p.name, true]);
    if (PERSON_FIELDS.has(field)) return people;
    if (fieldOf(field)?.type === 'boolean') return yesNo;
    if (field === 'event.outcome') return (outcomes.data?.outcomes ?? []).map((o) => [o, outcomeText(intl, o), !isKnownOutcome(o)]);
    return fixedChoices(intl, field);
  }

  function opsOf(field: string): ConditionOp[] {
    const type = fieldOf(field)?.type;
    if (type === 'number') return NUMBER_OPS;
    if (type === 'boolean') return BOOLEAN_OPS;
    return valueChoices(field) ? CHOICE_OPS : TEXT_OPS;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(null);
    const checked = validateDraft(draft, catalog, rule ? 'update' : 'create', intl);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    try {
      if (rule) await update.mutateAsync({ id: rule.id, body: checked.body });
      else await create.mutateAsync(checked.body);
      toast.success(
        rule
          ? intl.formatMessage({ id: 'automation.form.saved', defaultMessage: 'Rule saved' })
          : intl.formatMessage({ id: 'automation.form.created', defaultMessage: 'Rule created' }),
      );
      onDone();
    } catch (err) {
      // the server's words, and where it points, when it refuses what the form let through
      setServerError(errorMessage(err));
      if (err instanceof ApiRequestError && Array.isArray(err.details)) {
        const at: DraftErrors = {};
        for (const d of err.details as { path?: PropertyKey[]; message?: string }[]) if (d.path && d.message) at[errorKey(d.path)] ??= d.message;
        setErrors(at);
      }
    }
  }

  return (
    <form className="rule-form" onSubmit={submit} noValidate data-testid="rule-form">
      <TextField
        label={intl.formatMessage({ id: 'automation.form.name', defaultMessage: 'Name' })}
        value={draft.name}
        maxLength={120}
        dir="auto"
        onChange={(e) => set({ name: e.target.value })}
        error={errors.name}
        data-testid="rule-name"
      />

      <fieldset className="rule-part" data-testid="rule-trigger">
        <legend>
          <FormattedMessage id="automation.form.when" defaultMessage="When" />
        </legend>
        <SelectField
          label={intl.formatMessage({ id: 'automation.form.trigger', defaultMessage: 'Trigger' })}
          value={draft.triggerType}
          onChange={(e) => set({ triggerType: e.target.value as 'event' | 'timer', conditions: draft.conditions.filter((c) => !fieldOf(c.field)?.events) })}
          data-testid="rule-trigger-type"
        >
          <option value="event">{intl.formatMessage({ id: 'automation.form.triggerEvent', defaultMessage: 'Something happens' })}</option>
          <option value="timer">{intl.formatMessage({ id: 'automation.form.triggerTimer', defaultMessage: 'Time passes' })}</option>
        </SelectField>
        {draft.triggerType === 'event' ? (
          <SelectField
            label={intl.formatMessage({ id: 'automation.form.event', defaultMessage: 'Event' })}
            value={draft.event}
            onChange={(e) => set({ event: e.target.value as RuleEvent, conditions: draft.conditions.filter((c) => !fieldOf(c.field)?.events) })}
            data-testid="rule-event"
          >
            {catalog.events.map((ev) => (
              <option key={ev.event} value={ev.event}>
                {eventLabel(intl, ev.event, ev.label)}
              </option>
            ))}
          </SelectField>
        ) : (
          <>
            <SelectField
              label={intl.formatMessage({ id: 'automation.form.timer', defaultMessage: 'Timer' })}
              value={draft.timer}
              onChange={(e) => set({ timer: e.target.value as RuleTimer })}
              data-testid="rule-timer"
            >
              {catalog.timers.map((t) => (
                <option key={t.timer} value={t.timer}>
                  {timerLabel(intl, t.timer, t.label)}
                </option>
              ))}
            </SelectField>
            {draft.timer === 'in_stage' && (
              <>
                <label className="rule-check">
                  <input type="checkbox" checked={draft.useStageLimit} onChange={(e) => set({ useStageLimit: e.target.checked })} data-testid="rule-stage-limit" />
                  <FormattedMessage id="automation.form.useStageLimit" defaultMessage="Longer than the stage’s own time limit" />
                </label>
                <SelectField
                  label={intl.formatMessage({ id: 'automation.form.inStage', defaultMessage: 'In stage' })}
                  value={draft.stageKey}
                  onChange={(e) => set({ stageKey: e.target.value })}
                  data-testid="rule-timer-stage"
                >
                  <option value="">{intl.formatMessage({ id: 'automation.form.anyStage', defaultMessage: 'Any stage' })}</option>
                  <Options choices={keyedStages} />
                </SelectField>
              </>
            )}
            {!(draft.timer === 'in_stage' && draft.useStageLimit) && (
              <div className="rule-row">
                <TextField
                  label={intl.formatMessage({ id: 'automation.form.amount', defaultMessage: 'For' })}
                  type="number"
                  min={1}
                  step={1}
                  inputMode="numeric"
                  value={draft.amount}
                  onChange={(e) => set({ amount: e.target.value })}
                  data-testid="rule-amount"
                />
                <SelectField
                  label={intl.formatMessage({ id: 'automation.form.unit', defaultMessage: 'Unit' })}
                  value={draft.unit}
                  onChange={(e) => set({ unit: e.target.value as TimeUnit })}
                  data-testid="rule-unit"
                >
                  {Object.entries(UNIT_LABELS).map(([u, l]) => (
                    <option key={u} value={u}>
                      {intl.formatMessage(l)}
                    </option>
                  ))}
                </SelectField>
              </div>
            )}
          </>
        )}
        <FieldError message={errors.trigger} />
      </fieldset>

      <fieldset className="rule-part" data-testid="rule-conditions">
        <legend>
          <FormattedMessage id="automation.form.if" defaultMessage="If" />
        </legend>
        {draft.conditions.length === 0 && (
          <p className="muted">
            <FormattedMessage id="automation.form.always" defaultMessage="Always (no conditions)." />
          </p>
        )}
        {draft.conditions.map((c, i) => {
          const choices = valueChoices(c.field);
          const ops = opsOf(c.field);
          const type = fieldOf(c.field)?.type;
          return (
            <div key={i} className="rule-item" data-testid={`rule-condition-${i}`}>
              <div className="rule-row">
                <SelectField
                  label={intl.formatMessage({ id: 'automation.form.field', defaultMessage: 'Field' })}
                  value={c.field}
                  onChange={(e) => setCondition(i, { field: e.target.value, op: 'eq', value: '', values: [] })}
                  data-testid="rule-condition-field"
                >
                  {fields.map((f) => (
                    <option key={f.field} value={f.field}>
                      {fieldLabel(intl, f.field, f.label)}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  label={intl.formatMessage({ id: 'automation.form.comparison', defaultMessage: 'Comparison' })}
                  value={c.op}
                  onChange={(e) => setCondition(i, { op: e.target.value as ConditionOp })}
                  data-testid="rule-condition-op"
                >
                  {(ops.includes(c.op) ? ops : [c.op, ...ops]).map((op) => (
                    <option key={op} value={op}>
                      {intl.formatMessage(OP_LABELS[op])}
                    </option>
                  ))}
                </SelectField>
                {takesValue(c.op) &&
                  (choices && isListOp(c.op) ? (
                    <SelectField
                      label={intl.formatMessage({ id: 'automation.form.values', defaultMessage: 'Values' })}
                      multiple
                      value={c.values}
                      onChange={(e) => setCondition(i, { values: Array.from(e.target.selectedOptions, (o) => o.value) })}
                      data-testid="rule-condition-values"
                    >
                      <Options choices={choices} />
                    </SelectField>
                  ) : choices ? (
                    <SelectField label={valueLabel} value={c.value} onChange={(e) => setCondition(i, { value: e.target.value })} data-testid="rule-condition-value">
                      <option value="">{choose}</option>
                      <Options choices={choices} />
                    </SelectField>
                  ) : (
                    <TextField
                      label={valueLabel}
                      type={type === 'number' ? 'number' : 'text'}
                      value={c.value}
                      onChange={(e) => setCondition(i, { value: e.target.value })}
                      data-testid="rule-condition-value"
                    />
                  ))}
              </div>
              <FieldError message={errors[`conditions.${i}`]} />
              <Button size="sm" variant="ghost" onClick={() => set({ conditions: draft.conditions.filter((_, j) => j !== i) })} data-testid="rule-condition-remove">
                <FormattedMessage id="automation.form.removeCondition" defaultMessage="Remove condition" />
              </Button>
            </div>
          );
        })}
        <Button size="sm" onClick={() => set({ conditions: [...draft.conditions, blankCondition(fields[0]?.field ?? 'deal.stageKey')] })} data-testid="rule-add-condition">
          <FormattedMessage id="automation.form.addCondition" defaultMessage="Add condition" />
        </Button>
      </fieldset>

      <fieldset className="rule-part" data-testid="rule-actions">
        <legend>
          <FormattedMessage id="automation.form.then" defaultMessage="Then" />
        </legend>
        {draft.actions.map((a, i) => (
          <div key={i} className="rule-item" data-testid={`rule-action-${i}`}>
            <SelectField
              label={intl.formatMessage({ id: 'automation.form.action', defaultMessage: 'Action' })}
              value={a.type}
              onChange={(e) => setAction(i, { ...blankAction(e.target.value as ActionType) })}
              data-testid="rule-action-type"
            >
              {Object.entries(ACTION_LABELS).map(([t, l]) => (
                <option key={t} value={t}>
                  {intl.formatMessage(l)}
                </option>
              ))}
            </SelectField>
            <ActionFields
              action={a}
              set={(p) => setAction(i, p)}
              stages={stages.map((s) => [s.systemKey ? `key:${s.systemKey}` : `id:${s.id}`, s.name, true])}
              people={people}
              yesNo={yesNo}
            />
            <FieldError message={errors[`actions.${i}`]} />
            {draft.actions.length > 1 && (
              <Button size="sm" variant="ghost" onClick={() => set({ actions: draft.actions.filter((_, j) => j !== i) })} data-testid="rule-action-remove">
                <FormattedMessage id="automation.form.removeAction" defaultMessage="Remove action" />
              </Button>
            )}
          </div>
        ))}
        <FieldError message={errors.actions} />
        <Button size="sm" onClick={() => set({ actions: [...draft.actions, blankAction()] })} data-testid="rule-add-action">
          <FormattedMessage id="automation.form.addAction" defaultMessage="Add action" />
        </Button>
      </fieldset>

      {serverError && (
        <div className="form-error" role="alert" data-testid="rule-server-error">
          {serverError}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onDone}>
          <FormattedMessage id="automation.form.cancel" defaultMessage="Cancel" />
        </Button>
        <Button type="submit" variant="primary" busy={create.isPending || update.isPending} data-testid="rule-submit">
          {rule ? (
            <FormattedMessage id="automation.form.save" defaultMessage="Save" />
          ) : (
            <FormattedMessage id="automation.form.create" defaultMessage="Create rule" />
          )}
        </Button>
      </div>
    </form>
  );
}

function ActionFields({ action: a, set, stages, people, yesNo }: { action: ActionDraft; set: (p: Partial<ActionDraft>) => void; stages: Choices; people: Choices; yesNo: Choices }) {
  const intl = useIntl();
  const owner = intl.formatMessage({ id: 'automation.form.toOwner', defaultMessage: 'The deal’s owner' });
  const recipients: Choices = [['owner', owner], ['heads', intl.formatMessage({ id: 'automation.form.toHeads', defaultMessage: 'The Heads' })], ...people];
  const choose = <option value="">{intl.formatMessage({ id: 'automation.form.choose', defaultMessage: 'Choose…' })}</option>;
  const valueLabel = intl.formatMessage({ id: 'automation.form.value', defaultMessage: 'Value' });
  switch (a.type) {
    case 'move_stage':
      return (
        <SelectField
          label={intl.formatMessage({ id: 'automation.form.stage', defaultMessage: 'Stage' })}
          value={a.stage}
          onChange={(e) => set({ stage: e.target.value })}
          data-testid="rule-action-stage"
        >
          {choose}
          <Options choices={stages} />
        </SelectField>
      );
    case 'assign':
      return (
        <SelectField
          label={intl.formatMessage({ id: 'automation.form.assignTo', defaultMessage: 'Assign to' })}
          value={a.userId}
          onChange={(e) => set({ userId: e.target.value })}
          data-testid="rule-action-user"
        >
          {choose}
          <Options choices={people} />
        </SelectField>
      );
    case 'create_task':
      return (
        <>
          <TextField
            label={intl.formatMessage({ id: 'automation.form.taskTitle', defaultMessage: 'Task title' })}
            value={a.title}
            maxLength={200}
            dir="auto"
            onChange={(e) => set({ title: e.target.value })}
            data-testid="rule-action-title"
          />
          <div className="rule-row">
            <SelectField
              label={intl.formatMessage({ id: 'automation.form.taskType', defaultMessage: 'Task type' })}
              value={a.taskType}
              onChange={(e) => set({ taskType: e.target.value as TaskType })}
              data-testid="rule-action-task-type"
            >
              <Options choices={Object.entries(TASK_TYPE_MESSAGES).map(([t, m]) => [t, intl.formatMessage(m)])} />
            </SelectField>
            <TextField
              label={intl.formatMessage({ id: 'automation.form.dueAfter', defaultMessage: 'Due after (hours)' })}
              type="number"
              min={0}
              value={a.dueInHours}
              onChange={(e) => set({ dueInHours: e.target.value })}
              data-testid="rule-action-due"
            />
            <SelectField
              label={intl.formatMessage({ id: 'automation.form.taskFor', defaultMessage: 'For' })}
              value={a.assignTo}
              onChange={(e) => set({ assignTo: e.target.value })}
              data-testid="rule-action-assign-to"
            >
              <Options choices={[['owner', owner], ...people]} />
            </SelectField>
          </div>
        </>
      );
    case 'set_field':
      return (
        <div className="rule-row">
          <SelectField
            label={intl.formatMessage({ id: 'automation.form.setField', defaultMessage: 'Field' })}
            value={a.setField}
            onChange={(e) => set({ setField: e.target.value as SetField, setValue: '' })}
            data-testid="rule-action-field"
          >
            <Options choices={Object.entries(SET_FIELD_LABELS).map(([f, m]) => [f, intl.formatMessage(m)])} />
          </SelectField>
          {a.setField === 'lostReason' ? (
            <TextField label={valueLabel} value={a.setValue} onChange={(e) => set({ setValue: e.target.value })} data-testid="rule-action-value" />
          ) : (
            <SelectField label={valueLabel} value={a.setValue} onChange={(e) => set({ setValue: e.target.value })} data-testid="rule-action-value">
              {a.setField === 'missed' ? (
                <Options choices={yesNo} />
              ) : (
                <>
                  <option value="">{intl.formatMessage(QUALIFICATION_MESSAGES.none)}</option>
                  <Options choices={Object.entries(QUALIFICATION_CHOICES).map(([q, m]) => [q, intl.formatMessage(m)])} />
                </>
              )}
            </SelectField>
          )}
        </div>
      );
    case 'notify':
      return (
        <>
          <SelectField
            label={intl.formatMessage({ id: 'automation.form.notifyTo', defaultMessage: 'Notify' })}
            value={a.to}
            onChange={(e) => set({ to: e.target.value })}
            data-testid="rule-action-to"
          >
            <Options choices={recipients} />
          </SelectField>
          <TextField
            label={intl.formatMessage({ id: 'automation.form.message', defaultMessage: 'Message' })}
            value={a.message}
            maxLength={500}
            dir="auto"
            onChange={(e) => set({ message: e.target.value })}
            hint={<Placeholders />}
            data-testid="rule-action-message"
          />
        </>
      );
    case 'email':
      return (
        <>
          <SelectField
            label={intl.formatMessage({ id: 'automation.form.emailTo', defaultMessage: 'Email to' })}
            value={a.to}
            onChange={(e) => set({ to: e.target.value })}
            data-testid="rule-action-to"
          >
            <Options choices={[...recipients, ['address', intl.formatMessage({ id: 'automation.form.toAddress', defaultMessage: 'An email address…' })]]} />
          </SelectField>
          {a.to === 'address' && (
            <TextField
              label={intl.formatMessage({ id: 'automation.form.address', defaultMessage: 'Email address' })}
              type="email"
              dir="ltr"
              value={a.address}
              onChange={(e) => set({ address: e.target.value })}
              data-testid="rule-action-address"
            />
          )}
          <TextField
            label={intl.formatMessage({ id: 'automation.form.subject', defaultMessage: 'Subject' })}
            value={a.subject}
            maxLength={200}
            dir="auto"
            onChange={(e) => set({ subject: e.target.value })}
            data-testid="rule-action-subject"
          />
          <TextAreaField
            label={intl.formatMessage({ id: 'automation.form.body', defaultMessage: 'Text' })}
            value={a.body}
            maxLength={5000}
            rows={3}
            dir="auto"
            onChange={(e) => set({ body: e.target.value })}
            data-testid="rule-action-body"
          />
        </>
      );
  }
}

/** The placeholders a notification may use: filled in by the server, never translated. */
function Placeholders() {
  return (
    <FormattedMessage
      id="automation.form.placeholders"
      defaultMessage="May use {placeholders}"
      values={{
        placeholders: (
          <span dir="ltr" translate="no">
            {'{deal.title} {deal.stageName} {deal.ownerName} {deal.amount} {rule.name}'}
          </span>
        ),
      }}
    />
  );
}

function Options({ choices }: { choices: Choices }) {
  return (
    <>
      {choices.map(([value, label, userContent]) => (
        <option key={value} value={value} data-user-content={userContent || undefined}>
          {label}
        </option>
      ))}
    </>
  );
}

function FieldError({ message }: { message?: string | ReactNode }) {
  if (!message) return null;
  return (
    <div className="field-error" role="alert">
      {message}
    </div>
  );
}
