import { type FormEvent, type ReactNode, useState } from 'react';
import type { AutomationCatalog, ConditionOp, Rule, RuleEvent, RuleTimer, TaskType } from '@callboard/contracts';
import { Button, SelectField, TextAreaField, TextField, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { usePipeline, usePipelines } from '@/features/pipelines';
import { TASK_TYPE_LABELS } from '@/features/tasks';
import { useAssignableUsers } from '@/features/users';
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
  OP_LABELS,
  PERSON_FIELDS,
  PIPELINE_FIELDS,
  sentence,
  SET_FIELD_LABELS,
  STAGE_ID_FIELDS,
  STAGE_KEY_FIELDS,
  UNIT_LABELS,
  VALUE_CHOICES,
} from '../utils/rule-labels';

type Choices = [value: string, label: string][];

/** Two fields are both "stage" in the catalog: one names the built-in stages by key, the other any stage. */
function fieldLabel(field: string, label: string): string {
  if (field === 'deal.stageId') return 'Stage (any, including stages added later)';
  return sentence(label);
}

/**
 * Creates a rule, or edits one's name, trigger, conditions and actions. The body is checked by the
 * API's own schema before it is sent; when the server still refuses, its message is shown.
 */
export function RuleForm({ rule, catalog, onDone }: { rule?: Rule; catalog: AutomationCatalog; onDone: () => void }) {
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
  const keyedStages: Choices = stages.filter((s) => s.systemKey).map((s) => [s.systemKey!, s.name]);
  const people: Choices = users.map((u) => [u.id, u.name]);
  // the fields this trigger carries: the deal's always, the event's only on their events
  const fields = catalog.fields.filter((f) => !f.events || (draft.triggerType === 'event' && f.events.includes(draft.event)));
  const fieldOf = (name: string) => catalog.fields.find((f) => f.field === name);

  function valueChoices(field: string): Choices | null {
    if (STAGE_KEY_FIELDS.has(field)) return keyedStages;
    if (STAGE_ID_FIELDS.has(field)) return stages.map((s) => [s.id, s.name]);
    if (PIPELINE_FIELDS.has(field)) return (pipelines.data ?? []).map((p) => [p.id, p.name]);
    if (PERSON_FIELDS.has(field)) return people;
    if (fieldOf(field)?.type === 'boolean') return [['true', 'Yes'], ['false', 'No']];
    const fixed = VALUE_CHOICES[field];
    return fixed ? Object.entries(fixed) : null;
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
    const checked = validateDraft(draft, catalog, rule ? 'update' : 'create');
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    try {
      if (rule) await update.mutateAsync({ id: rule.id, body: checked.body });
      else await create.mutateAsync(checked.body);
      toast.success(rule ? 'Rule saved' : 'Rule created');
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
      <TextField label="Name" value={draft.name} maxLength={120} onChange={(e) => set({ name: e.target.value })} error={errors.name} data-testid="rule-name" />

      <fieldset className="rule-part" data-testid="rule-trigger">
        <legend>When</legend>
        <SelectField label="Trigger" value={draft.triggerType} onChange={(e) => set({ triggerType: e.target.value as 'event' | 'timer', conditions: draft.conditions.filter((c) => !fieldOf(c.field)?.events) })} data-testid="rule-trigger-type">
          <option value="event">Something happens</option>
          <option value="timer">Time passes</option>
        </SelectField>
        {draft.triggerType === 'event' ? (
          <SelectField label="Event" value={draft.event} onChange={(e) => set({ event: e.target.value as RuleEvent, conditions: draft.conditions.filter((c) => !fieldOf(c.field)?.events) })} data-testid="rule-event">
            {catalog.events.map((ev) => (
              <option key={ev.event} value={ev.event}>
                {sentence(ev.label)}
              </option>
            ))}
          </SelectField>
        ) : (
          <>
            <SelectField label="Timer" value={draft.timer} onChange={(e) => set({ timer: e.target.value as RuleTimer })} data-testid="rule-timer">
              {catalog.timers.map((t) => (
                <option key={t.timer} value={t.timer}>
                  {sentence(t.label)}
                </option>
              ))}
            </SelectField>
            {draft.timer === 'in_stage' && (
              <>
                <label className="rule-check">
                  <input type="checkbox" checked={draft.useStageLimit} onChange={(e) => set({ useStageLimit: e.target.checked })} data-testid="rule-stage-limit" />
                  Longer than the stage’s own time limit
                </label>
                <SelectField label="In stage" value={draft.stageKey} onChange={(e) => set({ stageKey: e.target.value })} data-testid="rule-timer-stage">
                  <option value="">Any stage</option>
                  <Options choices={keyedStages} />
                </SelectField>
              </>
            )}
            {!(draft.timer === 'in_stage' && draft.useStageLimit) && (
              <div className="rule-row">
                <TextField label="For" type="number" min={1} step={1} inputMode="numeric" value={draft.amount} onChange={(e) => set({ amount: e.target.value })} data-testid="rule-amount" />
                <SelectField label="Unit" value={draft.unit} onChange={(e) => set({ unit: e.target.value as TimeUnit })} data-testid="rule-unit">
                  {Object.entries(UNIT_LABELS).map(([u, l]) => (
                    <option key={u} value={u}>
                      {l}
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
        <legend>If</legend>
        {draft.conditions.length === 0 && <p className="muted">Always (no conditions).</p>}
        {draft.conditions.map((c, i) => {
          const choices = valueChoices(c.field);
          const ops = opsOf(c.field);
          const type = fieldOf(c.field)?.type;
          return (
            <div key={i} className="rule-item" data-testid={`rule-condition-${i}`}>
              <div className="rule-row">
                <SelectField label="Field" value={c.field} onChange={(e) => setCondition(i, { field: e.target.value, op: 'eq', value: '', values: [] })} data-testid="rule-condition-field">
                  {fields.map((f) => (
                    <option key={f.field} value={f.field}>
                      {fieldLabel(f.field, f.label)}
                    </option>
                  ))}
                </SelectField>
                <SelectField label="Comparison" value={c.op} onChange={(e) => setCondition(i, { op: e.target.value as ConditionOp })} data-testid="rule-condition-op">
                  {(ops.includes(c.op) ? ops : [c.op, ...ops]).map((op) => (
                    <option key={op} value={op}>
                      {OP_LABELS[op]}
                    </option>
                  ))}
                </SelectField>
                {takesValue(c.op) &&
                  (choices && isListOp(c.op) ? (
                    <SelectField
                      label="Values"
                      multiple
                      value={c.values}
                      onChange={(e) => setCondition(i, { values: Array.from(e.target.selectedOptions, (o) => o.value) })}
                      data-testid="rule-condition-values"
                    >
                      <Options choices={choices} />
                    </SelectField>
                  ) : choices ? (
                    <SelectField label="Value" value={c.value} onChange={(e) => setCondition(i, { value: e.target.value })} data-testid="rule-condition-value">
                      <option value="">Choose…</option>
                      <Options choices={choices} />
                    </SelectField>
                  ) : (
                    <TextField
                      label="Value"
                      type={type === 'number' ? 'number' : 'text'}
                      value={c.value}
                      onChange={(e) => setCondition(i, { value: e.target.value })}
                      data-testid="rule-condition-value"
                    />
                  ))}
              </div>
              <FieldError message={errors[`conditions.${i}`]} />
              <Button size="sm" variant="ghost" onClick={() => set({ conditions: draft.conditions.filter((_, j) => j !== i) })} data-testid="rule-condition-remove">
                Remove condition
              </Button>
            </div>
          );
        })}
        <Button size="sm" onClick={() => set({ conditions: [...draft.conditions, blankCondition(fields[0]?.field ?? 'deal.stageKey')] })} data-testid="rule-add-condition">
          Add condition
        </Button>
      </fieldset>

      <fieldset className="rule-part" data-testid="rule-actions">
        <legend>Then</legend>
        {draft.actions.map((a, i) => (
          <div key={i} className="rule-item" data-testid={`rule-action-${i}`}>
            <SelectField label="Action" value={a.type} onChange={(e) => setAction(i, { ...blankAction(e.target.value as ActionType) })} data-testid="rule-action-type">
              {Object.entries(ACTION_LABELS).map(([t, l]) => (
                <option key={t} value={t}>
                  {l}
                </option>
              ))}
            </SelectField>
            <ActionFields action={a} set={(p) => setAction(i, p)} stages={stages.map((s) => [s.systemKey ? `key:${s.systemKey}` : `id:${s.id}`, s.name])} people={people} />
            <FieldError message={errors[`actions.${i}`]} />
            {draft.actions.length > 1 && (
              <Button size="sm" variant="ghost" onClick={() => set({ actions: draft.actions.filter((_, j) => j !== i) })} data-testid="rule-action-remove">
                Remove action
              </Button>
            )}
          </div>
        ))}
        <FieldError message={errors.actions} />
        <Button size="sm" onClick={() => set({ actions: [...draft.actions, blankAction()] })} data-testid="rule-add-action">
          Add action
        </Button>
      </fieldset>

      {serverError && (
        <div className="form-error" role="alert" data-testid="rule-server-error">
          {serverError}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={create.isPending || update.isPending} data-testid="rule-submit">
          {rule ? 'Save' : 'Create rule'}
        </Button>
      </div>
    </form>
  );
}

function ActionFields({ action: a, set, stages, people }: { action: ActionDraft; set: (p: Partial<ActionDraft>) => void; stages: Choices; people: Choices }) {
  const recipients: Choices = [['owner', 'The deal’s owner'], ['heads', 'The Heads'], ...people];
  switch (a.type) {
    case 'move_stage':
      return (
        <SelectField label="Stage" value={a.stage} onChange={(e) => set({ stage: e.target.value })} data-testid="rule-action-stage">
          <option value="">Choose…</option>
          <Options choices={stages} />
        </SelectField>
      );
    case 'assign':
      return (
        <SelectField label="Assign to" value={a.userId} onChange={(e) => set({ userId: e.target.value })} data-testid="rule-action-user">
          <option value="">Choose…</option>
          <Options choices={people} />
        </SelectField>
      );
    case 'create_task':
      return (
        <>
          <TextField label="Task title" value={a.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} data-testid="rule-action-title" />
          <div className="rule-row">
            <SelectField label="Task type" value={a.taskType} onChange={(e) => set({ taskType: e.target.value as TaskType })} data-testid="rule-action-task-type">
              <Options choices={Object.entries(TASK_TYPE_LABELS)} />
            </SelectField>
            <TextField label="Due after (hours)" type="number" min={0} value={a.dueInHours} onChange={(e) => set({ dueInHours: e.target.value })} data-testid="rule-action-due" />
            <SelectField label="For" value={a.assignTo} onChange={(e) => set({ assignTo: e.target.value })} data-testid="rule-action-assign-to">
              <Options choices={[['owner', 'The deal’s owner'], ...people]} />
            </SelectField>
          </div>
        </>
      );
    case 'set_field':
      return (
        <div className="rule-row">
          <SelectField label="Field" value={a.setField} onChange={(e) => set({ setField: e.target.value as SetField, setValue: '' })} data-testid="rule-action-field">
            <Options choices={Object.entries(SET_FIELD_LABELS)} />
          </SelectField>
          {a.setField === 'lostReason' ? (
            <TextField label="Value" value={a.setValue} onChange={(e) => set({ setValue: e.target.value })} data-testid="rule-action-value" />
          ) : (
            <SelectField label="Value" value={a.setValue} onChange={(e) => set({ setValue: e.target.value })} data-testid="rule-action-value">
              {a.setField === 'missed' ? (
                <Options choices={[['true', 'Yes'], ['false', 'No']]} />
              ) : (
                <>
                  <option value="">Not qualified yet</option>
                  <Options choices={Object.entries(VALUE_CHOICES['deal.qualification'] ?? {})} />
                </>
              )}
            </SelectField>
          )}
        </div>
      );
    case 'notify':
      return (
        <>
          <SelectField label="Notify" value={a.to} onChange={(e) => set({ to: e.target.value })} data-testid="rule-action-to">
            <Options choices={recipients} />
          </SelectField>
          <TextField
            label="Message"
            value={a.message}
            maxLength={500}
            onChange={(e) => set({ message: e.target.value })}
            hint="May use {deal.title} {deal.stageName} {deal.ownerName} {deal.amount} {rule.name}"
            data-testid="rule-action-message"
          />
        </>
      );
    case 'email':
      return (
        <>
          <SelectField label="Email to" value={a.to} onChange={(e) => set({ to: e.target.value })} data-testid="rule-action-to">
            <Options choices={[...recipients, ['address', 'An email address…']]} />
          </SelectField>
          {a.to === 'address' && <TextField label="Email address" type="email" value={a.address} onChange={(e) => set({ address: e.target.value })} data-testid="rule-action-address" />}
          <TextField label="Subject" value={a.subject} maxLength={200} onChange={(e) => set({ subject: e.target.value })} data-testid="rule-action-subject" />
          <TextAreaField label="Text" value={a.body} maxLength={5000} rows={3} onChange={(e) => set({ body: e.target.value })} data-testid="rule-action-body" />
        </>
      );
  }
}

function Options({ choices }: { choices: Choices }) {
  return (
    <>
      {choices.map(([value, label]) => (
        <option key={value} value={value}>
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
