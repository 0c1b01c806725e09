import { gateway, unwrap } from '@/api/clients';
import type { Registration } from '@/types/api';

export type { Registration };

export async function register(body: Registration): Promise<unknown> {
  return unwrap(await gateway.POST('/api/auth/register', { body }));
}
