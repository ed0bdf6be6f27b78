import { z } from 'zod';
import { Id, safeText } from './common';

export const ContactPhone = z.object({
  /** E.164, e.g. +3612345678. */
  e164: z.string(),
  label: z.string(),
});
export type ContactPhone = z.infer<typeof ContactPhone>;

export const Contact = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  ownerId: Id.nullable(),
  phones: z.array(ContactPhone),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

/** A phone as a person writes it; the server normalises it to E.164 or refuses it. */
export const PhoneInput = z.object({
  number: safeText(40).pipe(z.string().min(3)),
  label: safeText(30).optional(),
});

export const CreateContactRequest = z.object({
  name: safeText(200).pipe(z.string().min(1)),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)).nullable().optional(),
  company: safeText(200).nullable().optional(),
  phones: z.array(PhoneInput).max(10).optional(),
  /** Head only; a Seller's contacts are their own. */
  ownerId: Id.nullable().optional(),
});
export type CreateContactRequest = z.infer<typeof CreateContactRequest>;

export const UpdateContactRequest = CreateContactRequest.partial().strict();
export type UpdateContactRequest = z.infer<typeof UpdateContactRequest>;

export const ContactListQuery = z.object({
  q: safeText(200).optional(),
  phone: safeText(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;
