import { useState, type FormEvent } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import type { Contact, CreateContactRequest } from '@callboard/contracts';
import { Button, TextField } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useSaveContact } from '../hooks/use-contacts';
import { contactFormErrors } from '../utils/contact-errors';
import { PhonesEditor, type PhoneRow } from './phones-editor';

const M = defineMessages({
  name: { id: 'contacts.form.name', defaultMessage: 'Name' },
  email: { id: 'contacts.form.email', defaultMessage: 'Email' },
  company: { id: 'contacts.form.company', defaultMessage: 'Company' },
  nameRequired: { id: 'contacts.form.nameRequired', defaultMessage: 'Enter a name' },
  correctFields: { id: 'contacts.form.correctFields', defaultMessage: 'Please correct the highlighted fields.' },
  cancel: { id: 'contacts.form.cancel', defaultMessage: 'Cancel' },
  save: { id: 'contacts.form.save', defaultMessage: 'Save contact' },
  create: { id: 'contacts.form.create', defaultMessage: 'Create contact' },
});

interface ContactFormProps {
  contact: Contact | null;
  onSaved: (contact: Contact) => void;
  onCancel: () => void;
}

export function ContactForm({ contact, onSaved, onCancel }: ContactFormProps) {
  const intl = useIntl();
  const [name, setName] = useState(contact?.name ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [company, setCompany] = useState(contact?.company ?? '');
  const [phones, setPhones] = useState<PhoneRow[]>(
    contact?.phones.length ? contact.phones.map((p) => ({ number: p.e164, label: p.label })) : [{ number: '', label: '' }],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveContact(contact?.id ?? null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    const filled = phones.filter((p) => p.number.trim() !== '');
    if (!name.trim()) {
      setErrors({ name: intl.formatMessage(M.nameRequired) });
      return;
    }
    const body: CreateContactRequest = {
      name: name.trim(),
      email: email.trim() || null,
      company: company.trim() || null,
      phones: filled.map((p) => ({ number: p.number.trim(), ...(p.label.trim() ? { label: p.label.trim() } : {}) })),
    };
    try {
      onSaved(await save.mutateAsync(body));
    } catch (err) {
      setPhones(filled.length ? filled : phones);
      const fields = contactFormErrors(err, filled.map((p) => p.number));
      setErrors(fields);
      setFormError(Object.keys(fields).length ? intl.formatMessage(M.correctFields) : errorMessage(err));
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="contact-form">
      <TextField label={intl.formatMessage(M.name)} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required autoFocus data-testid="contact-form-name" />
      <TextField label={intl.formatMessage(M.email)} type="email" dir="ltr" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} data-testid="contact-form-email" />
      <TextField label={intl.formatMessage(M.company)} value={company} onChange={(e) => setCompany(e.target.value)} error={errors.company} data-testid="contact-form-company" />
      <PhonesEditor phones={phones} errors={errors} onChange={setPhones} />
      {formError && (
        <div className="form-error" role="alert">
          {formError}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onCancel}>{intl.formatMessage(M.cancel)}</Button>
        <Button type="submit" variant="primary" busy={save.isPending} data-testid="contact-form-submit">
          {intl.formatMessage(contact ? M.save : M.create)}
        </Button>
      </div>
    </form>
  );
}
