import { z } from 'zod';
import { Id, safeText } from './common';

/** GET /api/search: one box for contacts (name, company, email, any 3+ digits of a number) and deals (title). */
export const SearchQuery = z.object({
  q: safeText(200).pipe(z.string().trim().min(2, 'type at least 2 characters')),
  /** Results per kind. */
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const ContactHit = z.object({
  id: Id,
  name: z.string(),
  company: z.string().nullable(),
  email: z.string().nullable(),
  /** The contact's first number (E.164), or the one that matched the digits typed. */
  phone: z.string().nullable(),
});
export type ContactHit = z.infer<typeof ContactHit>;

export const DealHit = z.object({
  id: Id,
  title: z.string(),
  contactName: z.string().nullable(),
  stageName: z.string(),
  ownerName: z.string().nullable(),
});
export type DealHit = z.infer<typeof DealHit>;

/** Only what the asker may see: a Seller's own and unowned-inbox deals, and those deals' contacts and their own. */
export const SearchResults = z.object({
  contacts: z.array(ContactHit),
  deals: z.array(DealHit),
});
export type SearchResults = z.infer<typeof SearchResults>;
