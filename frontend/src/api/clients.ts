import createClient from 'openapi-fetch';
import { authFetch } from '@/lib/api-client';
import { ProblemError, type Problem } from '@/lib/problem';
import type { paths as GatewayPaths } from './generated/gateway';
import type { paths as MatchingPaths } from './generated/matching';
import type { paths as WorkflowPaths } from './generated/workflow';

// Typed clients over the generated specs. Gateway paths already carry /api; the services'
// specs are dumped without their gateway prefix, hence the baseUrl.
const fetchWithAuth = (req: Request) => authFetch(req);
const origin = () => window.location.origin;

export const gateway = createClient<GatewayPaths>({ baseUrl: origin(), fetch: fetchWithAuth });
export const matching = createClient<MatchingPaths>({ baseUrl: `${origin()}/api/matching`, fetch: fetchWithAuth });
export const workflow = createClient<WorkflowPaths>({ baseUrl: `${origin()}/api/workflow`, fetch: fetchWithAuth });

/** openapi-fetch's result as a value or a thrown ProblemError, like lib/api-client's request(). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = (result.error && typeof result.error === 'object' ? result.error : {}) as Partial<Problem>;
  const retry = result.response.headers.get('Retry-After');
  throw new ProblemError(
    { ...body, status: body.status ?? result.response.status, title: body.title ?? result.response.statusText },
    retry ? Number.parseInt(retry, 10) || null : null,
  );
}
