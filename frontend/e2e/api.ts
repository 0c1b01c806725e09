import { expect, type APIRequestContext } from '@playwright/test';
import { PASSWORD } from './helpers';

// Setting a challenge up through the API, so that a spec reaches the screen it is about quickly.
// Tokens are kept per request context: a context belongs to one platform (its baseURL), and a spec may
// talk to a second platform (walk-human-time.spec.ts).
const tokensByContext = new WeakMap<APIRequestContext, Map<string, string>>();

async function token(api: APIRequestContext, user: string): Promise<string> {
  let tokens = tokensByContext.get(api);
  if (!tokens) {
    tokens = new Map();
    tokensByContext.set(api, tokens);
  }
  const known = tokens.get(user);
  if (known) return known;
  const res = await api.post('/api/auth/token', { form: { username: user, password: PASSWORD } });
  expect(res.ok(), `sign-in of ${user}`).toBe(true);
  const value = ((await res.json()) as { access_token: string }).access_token;
  tokens.set(user, value);
  return value;
}

export async function call<T = Record<string, unknown>>(
  api: APIRequestContext,
  method: string,
  path: string,
  user: string,
  data?: unknown,
  expected = [200, 201],
): Promise<T> {
  const res = await api.fetch(path, { method, data, headers: { Authorization: `Bearer ${await token(api, user)}` } });
  expect(expected, `${method} ${path} as ${user}: ${res.status()} ${await res.text()}`).toContain(res.status());
  return (await res.json()) as T;
}

export interface ChallengeRead {
  id: string;
  status: string;
  version: number;
  allowed_actions: string[];
}

export const challengeBody = (title: string, deadlineMs: number) => ({
  title,
  summary: '面向园区安防的视觉识别',
  description: '在 3 个月内完成算法研发并在滨江区园区验证。',
  indicators: [{ metric: '识别准确率', target: '95', unit: '%', verification: '第三方现场测试' }],
  deliverables: ['系统一套'],
  reward_amount: 100,
  funding_source: '发榜单位自筹',
  eligibility: { required_qualifications: [], allowed_districts: [], consortium_allowed: false, applications_per_org: 1 },
  layer_tags: [],
  end_tags: ['数字安防'],
  scenario_domain: '城市治理',
  criteria: [{ id: 'tech', name: '技术方案', weight: 100, min_score: 0, max_score: 100 }],
  mode: 'jiebang',
  max_winners: 1,
  min_applications: 1,
  publicity_working_days: 20,
  application_deadline: new Date(deadlineMs).toISOString(),
});

export const applicationBody = (orgName: string) => ({
  lead: { org_name: orgName },
  project_leader: { name: '张工' },
  commitments: [{ metric: '识别准确率', value: '96' }],
  plan: '采用多尺度检测网络，分三阶段交付。',
  budget: { total: 90 },
  declarations: { truthful: true, no_collusion: true },
});

/** A challenge approved and open until `deadlineMs`, as ent1 posts it and gov1 approves it. */
export async function openChallenge(api: APIRequestContext, title: string, deadlineMs: number): Promise<string> {
  const { id } = await call<ChallengeRead>(api, 'POST', '/api/workflow/challenges', 'ent1', challengeBody(title, deadlineMs));
  await call(api, 'POST', `/api/workflow/challenges/${id}/actions/submit`, 'ent1', {});
  await call(api, 'POST', `/api/workflow/challenges/${id}/actions/approve`, 'gov1', {});
  return id;
}

export async function apply(api: APIRequestContext, challengeId: string, vendor: string, orgName: string): Promise<void> {
  await call(api, 'POST', `/api/workflow/challenges/${challengeId}/applications`, vendor, applicationBody(orgName));
}

/** Waits (bounded) until the scheduler has moved the challenge to `status`. */
export async function waitForStatus(api: APIRequestContext, id: string, status: string, timeout = 90_000): Promise<ChallengeRead> {
  let last: ChallengeRead | null = null;
  await expect(async () => {
    last = await call<ChallengeRead>(api, 'GET', `/api/workflow/challenges/${id}`, 'gov1');
    expect(last.status).toBe(status);
  }).toPass({ timeout, intervals: [1_000] });
  return last as unknown as ChallengeRead;
}
