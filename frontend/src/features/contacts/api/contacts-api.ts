import type { Contact, CreateContactRequest, UpdateContactRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export interface ContactPage {
  items: Contact[];
  nextCursor: string | null;
}

export const contactsApi = {
  search: (q: string, limit = 50, signal?: AbortSignal) => api.get<ContactPage>('/contacts', { q: q || undefined, limit }, signal),
  get: (id: string) => api.get<Contact>(`/contacts/${id}`),
  create: (body: CreateContactRequest) => api.post<Contact>('/contacts', body),
  update: (id: string, body: UpdateContactRequest) => api.patch<Contact>(`/contacts/${id}`, body),
};
