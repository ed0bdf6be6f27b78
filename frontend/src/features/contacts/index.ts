export { ContactsList } from './components/contacts-list';
export { ContactPicker, type PickedContact } from './components/contact-picker';
export { ContactForm } from './components/contact-form';
export { contactsApi } from './api/contacts-api';
export { ContactPage } from './components/contact-page';
export { ContactLink } from './components/contact-link';
export { contactDealsQuery } from './api/contact-deals';
