import { FormattedMessage } from 'react-intl';
import { ContactsList } from '@/features/contacts';

export function ContactsRoute() {
  return (
    <div className="page">
      <h1 className="page-title">
        <FormattedMessage id="app.contacts.title" defaultMessage="Contacts" />
      </h1>
      <ContactsList />
    </div>
  );
}
