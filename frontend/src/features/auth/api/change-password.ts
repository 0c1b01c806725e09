import { useMutation } from '@tanstack/react-query';
import { gateway, unwrap } from '@/api/clients';
import { COOKIE_TRANSPORT, tokenStore, toTokens } from '@/lib/token-store';

export interface PasswordChange {
  current_password: string;
  new_password: string;
}

/** Every other session of the user ends; this one goes on with the pair the server answers. */
export function useChangePassword() {
  return useMutation({
    mutationFn: async (body: PasswordChange) =>
      unwrap(await gateway.POST('/api/auth/password', { body, headers: { ...COOKIE_TRANSPORT } })),
    onSuccess: (pair) => tokenStore.set(toTokens(pair)),
  });
}
