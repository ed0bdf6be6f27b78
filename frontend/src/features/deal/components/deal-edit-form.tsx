import { useEffect, useState, type FormEvent } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { Deal, Qualification, UpdateDealRequest } from '@callboard/contracts';
import { Button, SelectField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { toCents } from '@/lib/money';
import { ContactPicker, type PickedContact } from '@/features/contacts';
import { useUpdateDeal } from '../hooks/use-deal';
import { validateDealForm, type DealFormErrors, type DealFormValues } from '../utils/deal-form';
import { QUALIFICATION_MESSAGES, QUALIFICATIONS } from '../utils/qualification';
import { DealFields } from './deal-fields';
import { OwnerSelect } from './owner-select';

interface FormState extends DealFormValues {
  contact: PickedContact | null;
  ownerId: string | null;
  qualification: Qualification | null;
}

function stateOf(intl: IntlShape, deal: Deal): FormState {
  const unnamed = () => intl.formatMessage({ id: 'deal.editForm.unnamedContact', defaultMessage: 'Contact' });
  return {
    title: deal.title,
    amount: deal.amount,
    currency: deal.currency,
    contact: deal.contactId ? { id: deal.contactId, name: deal.contactName ?? unnamed(), phone: deal.contactPhone } : null,
    ownerId: deal.ownerId,
    qualification: deal.qualification,
  };
}

/** Only the fields that differ from the deal, so a save never overwrites someone else's change to another field. */
function changesOf(deal: Deal, s: FormState, amount: string, isHead: boolean): UpdateDealRequest {
  const body: UpdateDealRequest = {};
  if (s.title.trim() !== deal.title) body.title = s.title.trim();
  if (toCents(amount) !== toCents(deal.amount)) body.amount = amount;
  if (s.currency.toUpperCase() !== deal.currency) body.currency = s.currency.toUpperCase();
  if ((s.contact?.id ?? null) !== deal.contactId) body.contactId = s.contact?.id ?? null;
  if (isHead && s.ownerId !== deal.ownerId) body.ownerId = s.ownerId;
  if (s.qualification !== deal.qualification) body.qualification = s.qualification;
  return body;
}

export function DealEditForm({ deal, isHead }: { deal: Deal; isHead: boolean }) {
  const intl = useIntl();
  const toast = useToast();
  const update = useUpdateDeal(deal.id);
  const [state, setState] = useState<FormState>(() => stateOf(intl, deal));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<DealFormErrors>({});

  // A change from elsewhere (socket) refreshes the form unless the user is editing it.
  useEffect(() => {
    if (!dirty) setState(stateOf(intl, deal));
  }, [intl, deal, dirty]);

  const patch = (p: Partial<FormState>) => {
    setState((s) => ({ ...s, ...p }));
    setDirty(true);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const valid = validateDealForm(intl, state);
    if (!valid.ok) {
      setErrors(valid.errors);
      return;
    }
    setErrors({});
    const body = changesOf(deal, state, valid.amount, isHead);
    if (Object.keys(body).length === 0) {
      setDirty(false);
      return;
    }
    try {
      await update.mutateAsync(body);
      setDirty(false);
      toast.success(intl.formatMessage({ id: 'deal.editForm.saved', defaultMessage: 'Deal saved' }));
    } catch (err) {
      const f = fieldErrors(err);
      setErrors({ title: f.title, amount: f.amount, currency: f.currency, form: errorMessage(err) });
    }
  }

  return (
    <form
      className="form-grid deal-edit-form"
      onSubmit={submit}
      noValidate
      aria-label={intl.formatMessage({ id: 'deal.editForm.label', defaultMessage: 'Deal details' })}
    >
      <DealFields values={state} errors={errors} onChange={patch} />
      <ContactPicker value={state.contact} onChange={(contact) => patch({ contact })} />
      {isHead && <OwnerSelect value={state.ownerId} onChange={(ownerId) => patch({ ownerId })} currentName={deal.ownerName} />}
      <SelectField
        label={intl.formatMessage({ id: 'deal.editForm.qualification', defaultMessage: 'Qualification' })}
        value={state.qualification ?? ''}
        onChange={(e) => patch({ qualification: (e.target.value || null) as Qualification | null })}
        data-testid="deal-form-qualification"
      >
        <option value="">{intl.formatMessage(QUALIFICATION_MESSAGES.none)}</option>
        {QUALIFICATIONS.map((q) => (
          <option key={q} value={q}>
            {intl.formatMessage(QUALIFICATION_MESSAGES[q])}
          </option>
        ))}
      </SelectField>
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <div className="form-actions">
        {dirty && (
          <Button
            onClick={() => {
              setState(stateOf(intl, deal));
              setDirty(false);
              setErrors({});
            }}
          >
            {intl.formatMessage({ id: 'deal.editForm.discard', defaultMessage: 'Discard changes' })}
          </Button>
        )}
        <Button type="submit" variant="primary" busy={update.isPending} disabled={!dirty} data-testid="deal-form-submit">
          {intl.formatMessage({ id: 'deal.editForm.save', defaultMessage: 'Save' })}
        </Button>
      </div>
    </form>
  );
}
