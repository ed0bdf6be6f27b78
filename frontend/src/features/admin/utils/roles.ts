import type { Role } from '@callboard/contracts';
import { defineMessages, type MessageDescriptor } from 'react-intl';

/** A user's role, in words. */
export const ROLES: Record<Role, MessageDescriptor> = defineMessages({
  seller: { id: 'admin.role.seller', defaultMessage: 'Seller' },
  head: { id: 'admin.role.head', defaultMessage: 'Head' },
});
