import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { filled, matching, unwrap } from '@/api/clients';
import type { operations } from '@/api/generated/matching';
import type { SearchResult } from '@/types/api';

type SearchQuery = NonNullable<operations['search_search_get']['parameters']['query']>;

export const RESERVED = ['q', 'kind', 'sort', 'page', 'hits_per_page'] as const;
export const PAGE_SIZE = 10;

// Facets come back named by indexed attribute; filters go out under the API's parameter names.
export const FACET_PARAM: Record<string, string> = {
  status: 'status',
  district: 'district',
  layer_tags: 'layer_tag',
  end_tags: 'end_tag',
  capability_tags: 'tag',
  scenario_domain: 'scenario_domain',
  qualification_labels: 'qualification',
  recognition_schemes: 'recognition_scheme',
  recognition_levels: 'recognition_level',
  verified: 'verified',
  demand_type: 'demand_type',
  category: 'category',
  mode: 'mode',
  batch_id: 'batch_id',
};
const FILTER_PARAMS = new Set([...Object.values(FACET_PARAM), 'budget_min', 'budget_max', 'deadline_from', 'deadline_to']);

export interface SearchParamsModel {
  q: string;
  kind: string;
  sort: string;
  page: number;
  facets: Record<string, string[]>;
}

export function readSearchParams(params: URLSearchParams): SearchParamsModel {
  const facets: Record<string, string[]> = {};
  for (const [key, value] of params.entries()) {
    if (!FILTER_PARAMS.has(key)) continue;
    (facets[key] ??= []).push(value);
  }
  return {
    q: params.get('q') ?? '',
    kind: params.get('kind') ?? '',
    sort: params.get('sort') ?? '',
    page: Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1),
    facets,
  };
}

export async function search(model: SearchParamsModel): Promise<SearchResult> {
  // The facets are the URL's filter parameters, kept by their API names (FILTER_PARAMS), each as its repeated values.
  const facets = model.facets as unknown as SearchQuery;
  const query = filled({ q: model.q, kind: model.kind, sort: model.sort, page: model.page, hits_per_page: PAGE_SIZE, ...facets });
  return unwrap(await matching.GET('/search', { params: { query } }));
}

export const searchQueryOptions = (model: SearchParamsModel) =>
  queryOptions({ queryKey: ['search', model], queryFn: () => search(model), placeholderData: keepPreviousData });

export function useSearch(model: SearchParamsModel) {
  return useQuery(searchQueryOptions(model));
}
