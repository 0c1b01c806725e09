import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

// Issue 12, item 7: a 390 × 844 phone reaches everything without sideways scrolling.
const PHONE = { width: 390, height: 844 };

async function openChallengeId(page: Page): Promise<string> {
  const body = (await (await page.request.get('/api/workflow/challenges?status=open&limit=1')).json()) as { items: { id: string }[] };
  expect(body.items.length).toBeGreaterThan(0);
  return body.items[0]!.id;
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width, `scroll width of ${page.url()}`).toBeLessThanOrEqual(PHONE.width);
}

test.use({ viewport: PHONE });

test('注册 is reachable from the folded header menu', async ({ page }) => {
  await page.goto('/');
  const register = page.getByRole('button', { name: /注\s*册/ });
  await expect(register).toBeHidden();
  await page.getByRole('button', { name: '菜单' }).click();
  await expect(register).toBeInViewport();
  await register.click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.locator('#app-menu')).toBeHidden();
  await expectNoSidewaysScroll(page);
});

test('the first search result shows in the first screenful; facets wait behind 筛选', async ({ page }) => {
  await page.goto('/search?q=视觉');
  await expect(page.getByTestId('search-hit').first()).toBeInViewport();
  await expect(page.locator('[data-facet]').first()).toBeHidden();
  await page.getByTestId('open-filters').click();
  await expect(page.locator('.ant-drawer [data-facet]').first()).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('the challenge page and the vendor pages fit the width', async ({ page }) => {
  const id = await openChallengeId(page);
  await page.goto(`/challenges/${id}`);
  await expectNoSidewaysScroll(page);
  await page.setViewportSize({ width: 1366, height: 860 });
  await login(page, 'vendor1');
  await page.setViewportSize(PHONE);
  for (const path of ['/vendor', `/vendor/apply/${id}`]) {
    await page.goto(path);
    await expect(page.locator('main, .page').first()).toBeVisible();
    await expectNoSidewaysScroll(page);
  }
});
