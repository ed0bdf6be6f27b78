import { useState, type FormEvent } from 'react';
import type { Rule } from '@callboard/contracts';
import { Button, SelectField, TextField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useCatalog, useUpdateRule } from '../hooks/use-rules';
import { QUALIFICATION_LABELS } from '@/features/deal';
import { applyParams, FIELD_CHOICES, paramsOf, type ParamErrors, type RuleParams, type TimeUnit } from '../utils/rule-params';

const CHOICE_LABELS: Record<string, string> = { ...QUALIFICATION_LABELS, '': QUALIFICATION_LABELS.none };

function ChoiceOptions({ field }: { field: string }) {
  return (
    <>
      {['', ...(FIELD_CHOICES[field] ?? [])].map((v) => (
        <option key={v} value={v}>
          {CHOICE_LABELS[v] ?? v}
        </option>
      ))}
    </>
  );
}

const OP_LABELS: Record<string, string> = { eq: 'is', neq: 'is not', gt: 'more than', gte: 'at least', lt: 'less than', lte: 'at most' };
const UNITS: TimeUnit[] = ['minutes', 'hours', 'days'];

/** Edits a rule's name and parameters (delays, thresholds, messages); the structure stays as it is. */
export function RuleEditor({ rule, onDone }: { rule: Rule; onDone: () => void }) {
  const catalog = useCatalog();
  const update = useUpdateRule();
  const toast = useToast();
  const [params, setParams] = useState<RuleParams>(() => paramsOf(rule));
  const [errors, setErrors] = useState<ParamErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const fieldLabel = (field: string) => catalog.data?.fields.find((f) => f.field === field)?.label ?? field;
  const set = (p: Partial<RuleParams>) => setParams((s) => ({ ...s, ...p }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result = applyParams(rule, params);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setFormError(null);
    try {
      await update.mutateAsync({ id: rule.id, body: result.body });
      toast.success('Rule saved');
      onDone();
    } catch (err) {
      setFormError(errorMessage(err));
    }
  }

  return (
    <form className="form-grid rule-editor" onSubmit={submit} noValidate data-testid="rule-editor">
      <TextField label="Name" value={params.name} onChange={(e) => set({ name: e.target.value })} maxLength={120} error={errors.name} data-testid="rule-edit-name" />
      {!params.timer &&
        [params.thresholds, params.dueInHours, params.messages, params.conditionChoices, params.actionChoices].every((m) => Object.keys(m).length === 0) && (
        <p className="muted">This rule has no delay, threshold or message to tune; it can be renamed, enabled or disabled.</p>
      )}
      {params.timer && (
        <div className="rule-timer">
          <TextField
            label="After"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={params.timer.amount}
            onChange={(e) => set({ timer: { amount: e.target.value, unit: params.timer?.unit ?? 'hours' } })}
            error={errors.timer}
            data-testid="rule-edit-amount"
          />
          <SelectField
            label="Unit"
            value={params.timer.unit}
            onChange={(e) => set({ timer: { amount: params.timer?.amount ?? '', unit: e.target.value as TimeUnit } })}
            data-testid="rule-edit-unit"
          >
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </SelectField>
        </div>
      )}
      {rule.conditions.map((c, i) =>
        params.conditionChoices[i] === undefined ? null : (
          <SelectField
            key={`q${i}`}
            label={`${fieldLabel(c.field)} ${OP_LABELS[c.op] ?? c.op}`}
            value={params.conditionChoices[i]}
            onChange={(e) => set({ conditionChoices: { ...params.conditionChoices, [i]: e.target.value } })}
            data-testid={`rule-edit-condition-${i}`}
          >
            <ChoiceOptions field={c.field} />
          </SelectField>
        ),
      )}
      {rule.conditions.map((c, i) =>
        params.thresholds[i] === undefined ? null : (
          <TextField
            key={`c${i}`}
            label={`${fieldLabel(c.field)} ${OP_LABELS[c.op] ?? c.op}`}
            type="number"
            value={params.thresholds[i]}
            onChange={(e) => set({ thresholds: { ...params.thresholds, [i]: e.target.value } })}
            error={errors[`condition.${i}`]}
            data-testid={`rule-edit-condition-${i}`}
          />
        ),
      )}
      {rule.actions.map((a, i) => {
        if (a.type === 'create_task' && params.dueInHours[i] !== undefined)
          return (
            <TextField
              key={`a${i}`}
              label={`Task “${a.title}” due after (hours)`}
              type="number"
              min={0}
              value={params.dueInHours[i]}
              onChange={(e) => set({ dueInHours: { ...params.dueInHours, [i]: e.target.value } })}
              error={errors[`action.${i}`]}
              data-testid={`rule-edit-action-${i}`}
            />
          );
        if (a.type === 'set_field' && params.actionChoices[i] !== undefined)
          return (
            <SelectField
              key={`a${i}`}
              label={`Set ${fieldLabel(`deal.${a.field}`)} to`}
              value={params.actionChoices[i]}
              onChange={(e) => set({ actionChoices: { ...params.actionChoices, [i]: e.target.value } })}
              data-testid={`rule-edit-action-${i}`}
            >
              <ChoiceOptions field={a.field} />
            </SelectField>
          );
        if (a.type === 'notify' && params.messages[i] !== undefined)
          return (
            <TextField
              key={`a${i}`}
              label="Notification text"
              value={params.messages[i]}
              maxLength={500}
              onChange={(e) => set({ messages: { ...params.messages, [i]: e.target.value } })}
              error={errors[`action.${i}`]}
              hint="May use {deal.title} {deal.stageName} {deal.ownerName} {deal.amount} {rule.name}"
              data-testid={`rule-edit-action-${i}`}
            />
          );
        return null;
      })}
      {formError && (
        <div className="form-error" role="alert">
          {formError}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={update.isPending} data-testid="rule-edit-submit">
          Save
        </Button>
      </div>
    </form>
  );
}
