import { Link } from 'react-router';
import { useIntl } from 'react-intl';

/** A contact's name, linking to their page; plain text when there is no contact id. */
export function ContactLink({ id, name, className }: { id: string | null | undefined; name: string | null | undefined; className?: string }) {
  const intl = useIntl();
  const trimmed = name?.trim();
  const label = trimmed ? <bdi data-user-content>{trimmed}</bdi> : intl.formatMessage({ id: 'contacts.link.unnamed', defaultMessage: 'Unnamed contact' });
  if (!id) return <span className={className}>{label}</span>;
  return (
    <Link to={`/contacts/${id}`} className={className} data-testid="contact-link" data-contact-id={id}>
      {label}
    </Link>
  );
}
