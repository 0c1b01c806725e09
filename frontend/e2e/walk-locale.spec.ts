import { expect, test, type Page } from '@playwright/test';
import { call } from './api';
import { login } from './helpers';

// Issue 19, item 5: every word a user reads on a Chinese screen comes from the zh-CN locale. The
// walk reads the visible text of the main pages as each role and fails on any run of three or
// more Latin letters that is not a name, a code the user typed or a unit.
const ALLOWED = new Set([
  // units, formats and standards
  'SHA',
  'PDF',
  'PNG',
  'ZIP',
  'JSON',
  'CSV',
  'OCDS',
  'UTC',
  'API',
  'Word',
  'Excel',
  'MB',
  'KB',
  // seeded names and codes (titles of the demo challenges and products, usernames)
  'PCB',
  'AOI',
  'CT',
  'AI',
  'AR',
  'VR',
  'LED',
  'GPU',
  'NPU',
  'SoC',
  'ISP',
  'TOPS',
  'RGB',
  'OCR',
  'IoT',
  'BIM',
  'GIS',
  'MES',
  'SDK',
  'mAP',
  'PC',
  'admin',
  'ent',
  'vendor',
  'expert',
  'gov',
  // the language switch names the other language in that language
  'English',
]);
const LATIN = /[A-Za-z]{3,}/g;

interface Finding {
  where: string;
  word: string;
  context: string;
}

async function latinIn(page: Page, where: string, found: Finding[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  const text = await page.locator('body').innerText();
  for (const m of text.matchAll(LATIN)) {
    const word = m[0];
    if (ALLOWED.has(word) || ALLOWED.has(word.toUpperCase())) continue;
    const i = m.index ?? 0;
    // Letters inside a code with digits are the code: a receipt number, an id, a hash.
    const before = /[A-Za-z0-9-]*$/.exec(text.slice(0, i))?.[0] ?? '';
    const after = /^[A-Za-z0-9-]*/.exec(text.slice(i))?.[0] ?? '';
    if (/\d/.test(before + after)) continue;
    const context = text.slice(Math.max(0, i - 30), i + word.length + 30).replace(/\s+/g, ' ');
    if (found.some((f) => f.word === word && f.context === context)) continue;
    found.push({ where, word, context });
  }
}

/** The page, then each of its tabs, then the notifications when signed in. */
async function walk(page: Page, path: string, found: Finding[], bell = false): Promise<void> {
  await page.goto(path);
  await latinIn(page, path, found);
  const tabs = page.locator('.ant-tabs-tab:not(.ant-tabs-tab-disabled)');
  const n = await tabs.count();
  for (let i = 1; i < n; i += 1) {
    await tabs.nth(i).click();
    await latinIn(page, `${path} tab ${i}`, found);
  }
  if (bell) {
    await page.getByRole('button', { name: '消息通知' }).click();
    await latinIn(page, `${path} notifications`, found);
    await page.keyboard.press('Escape');
  }
}

const report = (found: Finding[]) => found.map((f) => `${f.where}: "${f.word}" in …${f.context}…`).join('\n');

interface Summary {
  id: string;
  title: string;
  status: string;
}

test.describe('Chinese screens hold no English or internal codes', () => {
  test.setTimeout(240_000);

  test('public pages', async ({ page, request }) => {
    const found: Finding[] = [];
    for (const path of ['/', '/search?q=工业视觉', '/search?q=视觉&kind=challenge', '/dashboard', '/register'])
      await walk(page, path, found);
    const { items } = (await (await request.get('/api/workflow/challenges?limit=50')).json()) as { items: Summary[] };
    for (const c of items.filter((x) => !x.title.startsWith('E2E'))) await walk(page, `/challenges/${c.id}`, found);
    expect(found.length, report(found)).toBe(0);
  });

  for (const user of ['ent1', 'vendor1', 'vendor2', 'expert1', 'admin']) {
    test(`${user}'s pages and notifications`, async ({ page }) => {
      const found: Finding[] = [];
      await login(page, user);
      await walk(page, new URL(page.url()).pathname, found, true);
      expect(found.length, report(found)).toBe(0);
    });
  }

  test("a reviewer's pages and every challenge's review screens", async ({ page, request }) => {
    const found: Finding[] = [];
    await login(page, 'gov1');
    await walk(page, '/gov', found, true);
    const { items } = (await (await request.get('/api/workflow/challenges?limit=50')).json()) as { items: Summary[] };
    for (const c of items.filter((x) => !x.title.startsWith('E2E'))) await walk(page, `/gov/challenges/${c.id}`, found);
    expect(found.length, report(found)).toBe(0);
  });

  test('refusals from the server are told in Chinese', async ({ page, request }) => {
    const found: Finding[] = [];
    // Signing in to an organisation still under review.
    const suffix = String(Date.now()).slice(-6);
    const username = `walker${suffix}`;
    const res = await request.post('/api/auth/register', {
      data: {
        organisation: { kind: 'vendor', name: `杭州漫游测试科技${suffix}有限公司`, credit_code: creditCode(suffix), district: '滨江区' },
        user: { username, password: 'walk-the-pages-2026', display_name: '测试员' },
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('walk-the-pages-2026');
    await page
      .locator('form')
      .getByRole('button', { name: /登\s*录/ })
      .click();
    await expect(page.getByRole('alert')).toContainText('审核');
    await latinIn(page, 'sign-in of a pending organisation', found);

    // An import report with rows the code lists refuse.
    const batch = await call<{ id: string }>(request, 'POST', '/api/matching/batches', 'admin', {
      code: `walk-${suffix}`,
      name: `漫游批次 ${suffix}`,
    });
    await login(page, 'admin');
    await page.getByRole('tab', { name: '机会清单批次' }).click();
    const row = page.getByRole('row').filter({ hasText: `漫游批次 ${suffix}` });
    const csv =
      '需求名称,需求类型,应用场景,发布单位,所在区县\n园区安防巡检,应用场景,城市治理,测试单位,火星区\n,应用场景,城市治理,测试单位,滨江区\n';
    await row
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'batch.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByText('行有误')).toBeVisible();
    await latinIn(page, `import report of batch ${batch.id}`, found);
    expect(found.length, report(found)).toBe(0);
  });
});

// A valid 统一社会信用代码 (GB 32100-2015) ending in the given digits.
function creditCode(digits: string): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const first = `91330108MA${digits.padStart(7, '0')}`.slice(0, 17);
  const sum = [...first].reduce((s, ch, i) => s + charset.indexOf(ch) * (weights[i] ?? 0), 0);
  return first + charset.charAt((31 - (sum % 31)) % 31);
}
