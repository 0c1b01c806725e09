// A throwaway stand-in for the gateway, for looking at the built app before the services
// exist: serves dist/ with history fallback and answers a few /api paths with demo data.
// Usage: node scripts/mock-api.mjs [port]   (not used by tests against the real platform)
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const port = Number(process.argv[2] ?? 8000);
const dist = new URL('../dist/', import.meta.url).pathname;
const types = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.html': 'text/html' };
const users = {
  admin: ['admin', '平台管理员'],
  ent1: ['enterprise', '杭州某安防科技'],
  vendor1: ['vendor', '视谷智能'],
  expert1: ['expert', '王专家'],
  gov1: ['gov_reviewer', '经信局 李审核'],
};
const day = 86400000;
const base = {
  summary: '',
  description: '',
  created_at: '2026-10-01T02:00:00Z',
  end_tags: [],
  layer_tags: [],
  scenario_domain: '',
  owner_org_name: '杭州某安防科技',
  owner_org_id: 'o-ent1',
  criteria: [],
  indicators: [],
  eligibility: {},
  deliverables: [],
  documents: [],
  max_winners: 1,
  min_applications: 1,
  publicity_working_days: 5,
  comment_required_below: 60,
  fixup_days: 3,
  funding_source: '',
  publish_at: null,
  published_at: '2026-10-05T02:00:00Z',
  publicity_ends_at: null,
  opened_at: null,
  awarded_at: null,
  cancel_request: null,
  updated_at: '2026-10-05T02:00:00Z',
};
const challenges = [
  {
    ...base,
    id: 'c1',
    title: '城市道路病害智能巡检视觉算法揭榜',
    status: 'open',
    version: 3,
    allowed_actions: [],
    end_tags: ['数字安防'],
    scenario_domain: '城市治理',
    reward_amount: 3000000,
    application_deadline: new Date(Date.now() + 9 * day).toISOString(),
    mode: 'jiebang',
    summary: '面向城市道路的坑槽、裂缝自动识别',
    indicators: [{ metric: '识别准确率', target: '95', unit: '%' }],
    criteria: [
      { id: 'c1', name: '技术方案', weight: 60, max_score: 100 },
      { id: 'c2', name: '团队能力', weight: 40, max_score: 100 },
    ],
    eligibility: { consortium_allowed: true, consortium_max_members: 3, required_qualifications: ['高新技术企业'] },
  },
  {
    ...base,
    id: 'c2',
    title: '工业视觉缺陷检测首台套装备赛马',
    status: 'open',
    version: 1,
    allowed_actions: [],
    end_tags: ['工业视觉'],
    reward_amount: 5000000,
    application_deadline: new Date(Date.now() + 2 * day).toISOString(),
    mode: 'horse_race',
    max_winners: 2,
  },
];
const transitions = [
  { action: 'submit', actor: 'ent1', from_status: 'draft', to_status: 'pending_approval', at: '2026-10-03T02:00:00Z', reason: '' },
  { action: 'approve', actor: 'gov1', from_status: 'pending_approval', to_status: 'open', at: '2026-10-05T02:00:00Z', reason: '' },
];
const hit = {
  budget_max: null,
  budget_min: null,
  deadline: null,
  district: [],
  end_tags: [],
  layer_tags: [],
  org_name: '',
  published_at: null,
  qualification_labels: [],
  recognition_schemes: [],
  score: 1,
  status: 'published',
  summary: '',
  verified: null,
};
const hits = [
  {
    ...hit,
    id: 'd1',
    kind: 'demand',
    title: '智慧工地安全帽识别',
    highlight: { title: '智慧工地<em>安全帽</em>识别', summary: '基于<em>工业视觉</em>的工地安全监测' },
    district: ['余杭区'],
    end_tags: ['数字安防'],
    org_name: '余杭区建设局',
  },
  {
    ...hit,
    id: 'p1',
    kind: 'provider',
    title: '视谷智能科技有限公司',
    highlight: { title: '视谷智能科技有限公司', summary: '专注<em>工业视觉</em>检测' },
    district: ['滨江区'],
    verified: true,
  },
];
const facets = {
  district: { 滨江区: 12, 萧山区: 8, 余杭区: 5 },
  end_tags: { 工业视觉: 9, 数字安防: 7 },
  kind: { demand: 20, provider: 5 },
  qualification_labels: { 高新技术企业: 4 },
};

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  let body = '';
  for await (const chunk of req) body += chunk;
  const who = (req.headers.authorization ?? '').replace('Bearer ', '');
  if (p === '/api/auth/token') {
    const form = new URLSearchParams(body);
    if (!users[form.get('username')] || form.get('password') !== 'shigu-demo-2026')
      return send(res, 401, { type: 'https://shigu.example/problems/invalid-credentials', title: 'Unauthorized', status: 401 });
    return send(res, 200, { access_token: form.get('username'), refresh_token: 'r', token_type: 'bearer', expires_in: 900 });
  }
  if (p === '/api/auth/me') {
    if (!users[who]) return send(res, 401, { title: 'Unauthorized', status: 401 });
    return send(res, 200, {
      user: { id: `u-${who}`, username: who, display_name: users[who][1], status: 'active' },
      roles: [users[who][0]],
      organisation: { id: `o-${who}`, name: users[who][1], kind: users[who][0], district: '滨江区', credit_code: '', status: 'verified' },
    });
  }
  if (p === '/api/workflow/challenges' && req.method === 'POST') {
    const c = {
      ...base,
      ...JSON.parse(body),
      id: `c${challenges.length + 1}`,
      status: 'draft',
      version: 1,
      allowed_actions: ['submit', 'edit', 'cancel'],
    };
    challenges.push(c);
    return send(res, 201, c);
  }
  const action = p.match(/^\/api\/workflow\/challenges\/([^/]+)\/actions\/([^/]+)$/);
  if (action) {
    const c = challenges.find((x) => x.id === action[1]);
    if (req.headers['if-match'] !== `"${c.version}"`)
      return send(res, 412, { type: 'https://shigu.example/problems/stale-version', title: 'Precondition Failed', status: 412 });
    if (!c.allowed_actions.includes(action[2]))
      return send(res, 409, {
        type: 'https://shigu.example/problems/conflict',
        title: 'Conflict',
        status: 409,
        status_name: c.status,
        allowed_actions: c.allowed_actions,
      });
    Object.assign(c, { status: 'pending_approval', version: c.version + 1, allowed_actions: [] });
    return send(res, 200, c);
  }
  if (p === '/api/workflow/challenges')
    return send(res, 200, {
      items: challenges.filter((c) => !url.searchParams.get('status') || c.status === url.searchParams.get('status')),
      total: challenges.length,
    });
  if (p.endsWith('/applications') && req.method === 'POST') {
    if (!req.headers['idempotency-key']) return send(res, 428, { title: 'Idempotency-Key required', status: 428 });
    const content = JSON.parse(body);
    if (!content.lead?.org_name || !content.budget?.total || !content.declarations?.no_collusion)
      return send(res, 422, { title: 'Unprocessable', status: 422, detail: 'bad content' });
    return send(res, 201, {
      id: 'r1',
      receipt_no: 'SG-2026-000123',
      sha256: 'a3f1c2e4b5d6978812345678abcdef0123456789abcdef0123456789abcdef01',
      status: 'submitted',
      submitted_at: new Date().toISOString(),
    });
  }
  if (p.endsWith('/transitions')) return send(res, 200, transitions);
  if (p.startsWith('/api/workflow/challenges/')) {
    const c = challenges.find((x) => x.id === p.split('/')[4]);
    if (p.split('/').length === 5 && c) {
      res.setHeader('ETag', `"${c.version}"`);
      return send(res, 200, c);
    }
    return send(res, 200, []);
  }
  const asg = {
    challenge_id: 'c1',
    challenge_title: challenges[0].title,
    coi_signed: true,
    comment: '',
    recusal_reason: '',
    scores: {},
    total: null,
    updated_at: '2026-11-20T00:00:00Z',
  };
  if (p === '/api/workflow/assignments')
    return send(res, 200, [
      { ...asg, id: 'a1', application_id: 'x1', applicant_name: '视谷智能', status: 'assigned' },
      { ...asg, id: 'a2', application_id: 'x2', applicant_name: '西湖视觉', status: 'completed', total: 82.5 },
    ]);
  if (p === '/api/workflow/applications/r1')
    return send(res, 200, {
      id: 'r1',
      challenge_id: 'c1',
      org_id: 'o-vendor1',
      org_name: '视谷智能',
      status: 'submitted',
      receipt_no: 'SG-2026-000123',
      sha256: 'a3f1c2e4b5d6978812345678abcdef0123456789abcdef0123456789abcdef01',
      submitted_at: '2026-11-23T06:12:30Z',
      version: 1,
      confirmed_at: null,
      content: null,
      documents: [],
      fixup_due_at: null,
      fixup_response: null,
      flags: [],
      qualification_reason: '',
      rank: null,
      score: null,
    });
  if (p === '/api/matching/search')
    return send(res, 200, { hits, facets, total: 23, page: Number(url.searchParams.get('page') ?? 1), hits_per_page: 10 });
  if (p === '/api/matching/stats')
    return send(res, 200, {
      demands_by_end: { 数字安防: 12, 工业视觉: 9, 医学影像: 4 },
      deals_by_end: { 数字安防: 2, 工业视觉: 3 },
      demands_by_district: { 滨江区: 14, 萧山区: 9, 余杭区: 6 },
      demands_by_batch: {},
      demands_by_status: {},
      interests_by_status: {},
      interests_by_batch: { '2026年第2批': { deal: 3, pending: 4 }, '2026年第3批': { deal: 5, pending: 9 } },
      totals: { demands: 50, challenges: 6, providers: 40, products: 25, interests: 21, deals: 8 },
    });
  if (p === '/api/matching/batches')
    return send(res, 200, [
      {
        id: 'b1',
        code: '2026-03',
        name: '2026年第3批',
        description: '',
        status: 'published',
        demand_count: 25,
        created_at: '2026-09-01T00:00:00Z',
        published_at: '2026-09-10T00:00:00Z',
      },
    ]);
  if (p.startsWith('/api/')) return send(res, 200, []);
  const file = join(dist, p);
  if (p !== '/' && existsSync(file)) {
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    return res.end(readFileSync(file));
  }
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end(readFileSync(join(dist, 'index.html')));
}).listen(port, '127.0.0.1', () => console.log(`mock gateway on http://127.0.0.1:${port}`));
