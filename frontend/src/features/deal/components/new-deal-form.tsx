import { useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import type { Deal, Pipeline } from '@callboard/contracts';
import { Button, SelectField } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { ContactPicker, type PickedContact } from '@/features/contacts';
import { useSessionUser } from '@/features/auth';
import { defaultStageForNewDeal } from '@/features/pipelines';
import { useLanguage } from '@/i18n';
import { useCreateDeal } from '../hooks/use-deal';
import { validateDealForm, type DealFormErrors, type DealFormValues } from '../utils/deal-form';
import { DealFields } from './deal-fields';
import { OwnerSelect } from './owner-select';

interface NewDealFormProps {
  pipeline: Pipeline;
  onCreated: (deal: Deal) => void;
  onCancel: () => void;
}

export function NewDealForm({ pipeline, onCreated, onCancel }: NewDealFormProps) {
  const intl = useIntl();
  const me = useSessionUser();
  const { currency: teamCurrency } = useLanguage();
  const isHead = me.role === 'head';
  // a new deal is in the team's currency (docs/i18n.md); EUR until the team's settings arrive
  const [values, setValues] = useState<DealFormValues>({ title: '', amount: '', currency: teamCurrency ?? 'EUR' });
  const [stageId, setStageId] = useState(defaultStageForNewDeal(pipeline)?.id ?? '');
  const [contact, setContact] = useState<PickedContact | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(me.id);
  const [errors, setErrors] = useState<DealFormErrors>({});
  const create = useCreateDeal();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const valid = validateDealForm(intl, values);
    if (!valid.ok) {
      setErrors(valid.errors);
      return;
    }
    setErrors({});
    try {
      const deal = await create.mutateAsync({
        title: valid.title,
        amount: valid.amount,
        currency: valid.currency,
        pipelineId: pipeline.id,
        stageId: stageId || undefined,
        contactId: contact?.id ?? null,
        ...(isHead ? { ownerId } : {}),
      });
      onCreated(deal);
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors({ title: fields.title, amount: fields.amount, currency: fields.currency, form: errorMessage(err) });
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="deal-form">
      <DealFields values={values} errors={errors} onChange={(p) => setValues((v) => ({ ...v, ...p }))} autoFocusTitle />
      <SelectField
        label={intl.formatMessage({ id: 'deal.newForm.stage', defaultMessage: 'Stage' })}
        value={stageId}
        onChange={(e) => setStageId(e.target.value)}
        data-testid="deal-form-stage"
      >
        {pipeline.stages.map((s) => (
          <option key={s.id} value={s.id} data-user-content>
            {s.name}
          </option>
        ))}
      </SelectField>
      <ContactPicker value={contact} onChange={setContact} />
      {isHead && <OwnerSelect value={ownerId} onChange={setOwnerId} />}
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onCancel}>{intl.formatMessage({ id: 'deal.newForm.cancel', defaultMessage: 'Cancel' })}</Button>
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="deal-form-submit">
          {intl.formatMessage({ id: 'deal.newForm.create', defaultMessage: 'Create deal' })}
        </Button>
      </div>
    </form>
  );
}
