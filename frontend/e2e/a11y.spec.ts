import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

// Issue 12, item 8: the main page of every role has no critical or serious WCAG 2.1 AA violation.
async function violations(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

async function openChallengeId(page: Page): Promise<string> {
  const body = (await (await page.request.get('/api/workflow/challenges?status=open&limit=1')).json()) as { items: { id: string }[] };
  expect(body.items.length).toBeGreaterThan(0);
  return body.items[0]!.id;
}

test('public pages: home, search, a challenge', async ({ page }) => {
  const found: Record<string, string[]> = {};
  for (const path of ['/', '/search?q=视觉', `/challenges/${await openChallengeId(page)}`, '/dashboard']) {
    await page.goto(path);
    found[path] = await violations(page);
  }
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
});

for (const [user, home] of [
  ['vendor1', '/vendor'],
  ['ent1', '/enterprise'],
  ['expert1', '/expert'],
  ['gov1', '/gov'],
  ['admin', '/admin'],
] as const) {
  test(`${user}'s home ${home}`, async ({ page }) => {
    await login(page, user);
    await page.goto(home);
    expect(await violations(page)).toEqual([]);
  });
}

test('<html lang> follows the language switch', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('each dashboard chart has its numbers as a table for screen readers', async ({ page }) => {
  await page.goto('/dashboard');
  await page.waitForLoadState('networkidle');
  const charts = page.locator('canvas');
  await expect(charts.first()).toBeAttached();
  const drawn = page.locator('div[aria-hidden="true"]:has(canvas)');
  const n = await drawn.count();
  expect(n).toBeGreaterThan(0);
  // Each hidden canvas is followed by a table with a caption naming the chart and at least one row of numbers.
  const tables = page.getByRole('table', { name: /（数据表）$/ });
  await expect(tables).toHaveCount(n);
  for (let i = 0; i < n; i += 1) {
    const table = tables.nth(i);
    expect(await table.getByRole('row').count(), `rows of chart table ${i}`).toBeGreaterThan(1);
    await expect(table.getByRole('cell').first()).toHaveText(/\d/);
  }
});
