import { queryOptions, useQuery } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { CodeLists } from '@/types/api';

export const codeListsQueryOptions = () =>
  queryOptions({
    queryKey: ['codelists'],
    queryFn: () => request<CodeLists>('/api/matching/codelists'),
    staleTime: Infinity,
  });

export function useCodeLists() {
  return useQuery(codeListsQueryOptions());
}

/** The lists in the order the server declares them, as [name, items] pairs. */
export function codeListEntries(lists: CodeLists | undefined) {
  return lists ? (Object.entries(lists) as [keyof CodeLists, CodeLists[keyof CodeLists]][]) : [];
}
