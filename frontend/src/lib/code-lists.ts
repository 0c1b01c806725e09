import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { matching, unwrap } from '@/api/clients';
import type { CodeLists } from '@/types/api';

// The matching service's code lists are the one source every form, facet and import validates
// against (GET /api/matching/codelists); forms take their options from here, never from a copy.
export const codeListsQueryOptions = () =>
  queryOptions({
    queryKey: ['codelists'],
    queryFn: async () => unwrap(await matching.GET('/codelists')),
    staleTime: Infinity,
  });

export function useCodeLists() {
  return useQuery(codeListsQueryOptions());
}

/** Select options of code lists: the stored code, labelled in the chosen language (`taxonomy.<code>`). */
export function useCodeOptions(...names: (keyof CodeLists)[]) {
  const { t } = useTranslation();
  const { data, isLoading } = useCodeLists();
  const options = names.flatMap((name) => {
    const list = data?.[name];
    return (Array.isArray(list) ? list : []).map((c) => ({ value: c.code, label: t(`taxonomy.${c.code}`, { defaultValue: c.label_zh }) }));
  });
  return { options, loading: isLoading };
}
