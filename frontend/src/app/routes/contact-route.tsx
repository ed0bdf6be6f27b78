import { useParams } from 'react-router';
import { ContactPage } from '@/features/contacts';

export function ContactRoute() {
  const { id = '' } = useParams();
  return <ContactPage key={id} id={id} />;
}
