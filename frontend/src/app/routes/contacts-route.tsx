import { ContactsList } from '@/features/contacts';

export function ContactsRoute() {
  return (
    <div className="page">
      <h1 className="page-title">Contacts</h1>
      <ContactsList />
    </div>
  );
}
