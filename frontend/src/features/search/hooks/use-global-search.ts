import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { searchApi } from '../api/search-api';

/** Waits this long after the last key before asking (typing "4433" is one request, not four). */
const DEBOUNCE_MS = 150;

/** Contacts and deals matching what is typed (2 characters or more), as the server finds them. */
export function useGlobalSearch(text: string, limit = 6) {
  const [term, setTerm] = useState(text.trim());
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const query = useQuery({
    queryKey: ['search', term, limit],
    queryFn: ({ signal }) => searchApi.find(term, limit, signal),
    enabled: term.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  return { ...query, term, settled: term === text.trim() };
}
