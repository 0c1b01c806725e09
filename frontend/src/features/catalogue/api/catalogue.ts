import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { matching, unwrap } from '@/api/clients';
import type { ProductCreate, ProviderUpdate } from '@/types/api';

export const providerQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['providers', id],
    queryFn: async () => unwrap(await matching.GET('/providers/{provider_id}', { params: { path: { provider_id: id } } })),
    retry: false,
  });

export const productQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['products', id],
    queryFn: async () => unwrap(await matching.GET('/products/{product_id}', { params: { path: { product_id: id } } })),
  });

export const recommendationsQueryOptions = () =>
  queryOptions({ queryKey: ['recommendations'], queryFn: async () => unwrap(await matching.GET('/recommendations')) });

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
    mutationFn: async ({ body, version }: { body: ProviderUpdate; version?: number }) =>
      unwrap(
        await matching.PUT('/providers/me', {
          params: { header: version === undefined ? undefined : { 'If-Match': `"${version}"` } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['providers'] }),
  });
}

export function useCreateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ProductCreate) => unwrap(await matching.POST('/products', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['providers'] }),
  });
}
