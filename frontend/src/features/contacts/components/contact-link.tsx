import { Link } from 'react-router';

/** A contact's name, linking to their page; plain text when there is no contact id. */
export function ContactLink({ id, name, className }: { id: string | null | undefined; name: string | null | undefined; className?: string }) {
  const label = name?.trim() || 'Unnamed contact';
  if (!id) return <span className={className}>{label}</span>;
  return (
    <Link to={`/contacts/${id}`} className={className} data-testid="contact-link" data-contact-id={id}>
      {label}
    </Link>
  );
}
