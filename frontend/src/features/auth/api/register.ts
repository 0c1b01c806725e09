import { request } from '@/lib/api-client';

export interface Registration {
  organisation: { name: string; kind: 'enterprise' | 'vendor'; credit_code: string; district: string };
  user: { username: string; password: string; display_name: string };
}

export function register(body: Registration): Promise<unknown> {
  return request('/api/auth/register', { json: body });
}
