import { useMutation, useQueryClient } from '@tanstack/react-query';
import { gateway, unwrap } from '@/api/clients';
import { refreshTokens } from '@/lib/api-client';

/** A new secret for the signed-in user; it signs nothing until confirmed with one of its codes. */
export function useEnrolTotp() {
  return useMutation({
    mutationFn: async () => unwrap(await gateway.POST('/api/auth/totp/enrol')),
  });
}

/** Activates the secret and answers the recovery codes, shown once. A token that was limited to
 * enrolment is exchanged for one that reaches the whole platform. */
export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string) => unwrap(await gateway.POST('/api/auth/totp/confirm', { body: { code } })),
    onSuccess: async () => {
      await refreshTokens();
      await queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
    },
  });
}
