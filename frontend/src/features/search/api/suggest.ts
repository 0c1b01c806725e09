import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { matching, unwrap } from '@/api/clients';
import type { components } from '@/api/generated/matching';

export type Suggestion = components['schemas']['SearchSuggestion'];

export const SUGGEST_DEBOUNCE_MS = 250;
export const SUGGEST_MAX_LENGTH = 50;

export async function getSuggestions(q: string): Promise<Suggestion[]> {
  const body = unwrap(await matching.GET('/search/suggest', { params: { query: { q, limit: 8 } } }));
  return body.suggestions;
}

export const suggestionsQueryOptions = (q: string) =>
  queryOptions({ queryKey: ['search', 'suggest', q], queryFn: () => getSuggestions(q), staleTime: 60_000 });

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Suggestions for what is typed, asked once the typing pauses; nothing for blank or over-long input. */
export function useSuggestions(typed: string) {
  const q = useDebounced(typed.trim(), SUGGEST_DEBOUNCE_MS);
  const enabled = q.length > 0 && q.length <= SUGGEST_MAX_LENGTH;
  return useQuery({ ...suggestionsQueryOptions(q), enabled, placeholderData: (prev) => (enabled ? prev : undefined) });
}
