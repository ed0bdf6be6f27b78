import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Contact, CreateContactRequest } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { contactsApi } from '../api/contacts-api';

/** One search box for name, phone (any written form) and email; the server does the matching. */
export function useContactSearch(q: string, { enabled = true, limit = 50 }: { enabled?: boolean; limit?: number } = {}) {
  const term = q.trim();
  return useQuery({
    queryKey: [...queryKeys.contactSearch(term), limit],
    queryFn: ({ signal }) => contactsApi.search(term, limit, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContact(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.contact(id ?? ''),
    queryFn: () => contactsApi.get(id ?? ''),
    enabled: !!id,
  });
}

/** Create (no id) or update a contact; the lists are refreshed afterwards. */
export function useSaveContact(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateContactRequest): Promise<Contact> => (id ? contactsApi.update(id, body) : contactsApi.create(body)),
    onSuccess: (contact) => {
      queryClient.setQueryData(queryKeys.contact(contact.id), contact);
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
  });
}
