import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Product, ProductCreate, Provider, ProviderUpdate, Recommendations } from '@/types/api';

export const providerQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['providers', id], queryFn: () => request<Provider>(`/api/matching/providers/${id}`), retry: false });

export const productQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['products', id], queryFn: () => request<Product>(`/api/matching/products/${id}`) });

export const recommendationsQueryOptions = () =>
  queryOptions({ queryKey: ['recommendations'], queryFn: () => request<Recommendations>('/api/matching/recommendations') });

export function useProvider(id: string) {
  return useQuery(providerQueryOptions(id));
}

export function useProduct(id: string) {
  return useQuery(productQueryOptions(id));
}

export function useSaveProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    // The first save creates the profile; later saves must name the version they edited (If-Match).
    mutationFn: ({ body, version }: { body: ProviderUpdate; version?: number }) =>
      request<Provider>('/api/matching/providers/me', {
        method: 'PUT',
        json: body,
        headers: version === undefined ? undefined : { 'If-Match': `"${version}"` },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['providers'] }),
  });
}

export function useCreateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProductCreate) => request<Product>('/api/matching/products', { json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['providers'] }),
  });
}
