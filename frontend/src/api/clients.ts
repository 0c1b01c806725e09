import createClient from 'openapi-fetch';
import { authFetch } from '@/lib/api-client';
import type { paths as GatewayPaths } from './generated/gateway';
import type { paths as MatchingPaths } from './generated/matching';
import type { paths as WorkflowPaths } from './generated/workflow';

// Typed clients over the generated specs. Gateway paths already carry /api; the
// services' specs are dumped without their gateway prefix, hence the baseUrl.
const fetchWithAuth = (req: Request) => authFetch(req);

export const gateway = createClient<GatewayPaths>({ baseUrl: '', fetch: fetchWithAuth });
export const matching = createClient<MatchingPaths>({ baseUrl: '/api/matching', fetch: fetchWithAuth });
export const workflow = createClient<WorkflowPaths>({ baseUrl: '/api/workflow', fetch: fetchWithAuth });
