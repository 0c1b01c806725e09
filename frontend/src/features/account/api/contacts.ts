import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { gateway, unwrap } from '@/api/clients';
import type { components } from '@/api/generated/gateway';

export type Contacts = components['schemas']['Contacts'];
export type Channel = 'email' | 'mobile';
export type Preference = components['schemas']['Preference'];

const KEY = ['account', 'contacts'] as const;
const PREFS = ['account', 'preferences'] as const;

export function useContacts() {
  return useQuery({ queryKey: KEY, queryFn: async () => unwrap(await gateway.GET('/api/account/contacts')) });
}

/** Sends a code to the new address; it replaces the verified one only once the code comes back. */
export function useSendCode(channel: Channel) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (address: string) =>
      unwrap(await gateway.POST('/api/account/contacts/{channel}', { params: { path: { channel } }, body: { address } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useVerifyCode(channel: Channel) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string) =>
      unwrap(await gateway.POST('/api/account/contacts/{channel}/verify', { params: { path: { channel } }, body: { code } })),
    onSuccess: (contacts) => queryClient.setQueryData(KEY, contacts),
  });
}

export function useRemoveContact(channel: Channel) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await gateway.DELETE('/api/account/contacts/{channel}', { params: { path: { channel } } })),
    onSuccess: (contacts) => queryClient.setQueryData(KEY, contacts),
  });
}

export function useSetLocale() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (locale: 'zh' | 'en') => unwrap(await gateway.PUT('/api/account/locale', { body: { locale } })),
    onSuccess: (contacts) => queryClient.setQueryData(KEY, contacts),
  });
}

/** One e-mail a day at 08:00 Beijing time listing the notices, instead of one e-mail each. */
export function useSetDigest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (enabled: boolean) => unwrap(await gateway.PUT('/api/account/digest', { body: { enabled } })),
    onSuccess: (contacts) => queryClient.setQueryData(KEY, contacts),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: PREFS, queryFn: async () => unwrap(await gateway.GET('/api/account/preferences')) });
}

export function useSavePreference() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (item: { kind: string; channel: 'email' | 'sms'; enabled: boolean }) =>
      unwrap(await gateway.PUT('/api/account/preferences', { body: { items: [item] } })),
    onSuccess: (prefs) => queryClient.setQueryData(PREFS, prefs),
  });
}

/** The same answer whether or not the account exists (no enumeration). */
export function useRequestReset() {
  return useMutation({
    mutationFn: async (account: string) => unwrap(await gateway.POST('/api/auth/password-reset', { body: { account } })),
  });
}

export function useConfirmReset() {
  return useMutation({
    mutationFn: async (body: { account: string; code: string; new_password: string }) =>
      unwrap(await gateway.POST('/api/auth/password-reset/confirm', { body })),
  });
}

/** The new password with the token of a link an administrator issued. */
export function useConfirmResetLink() {
  return useMutation({
    mutationFn: async (body: { token: string; new_password: string }) =>
      unwrap(await gateway.POST('/api/auth/password-reset/link', { body })),
  });
}
