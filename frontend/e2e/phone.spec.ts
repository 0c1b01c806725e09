import { expect, test, type Page } from '@playwright/test';

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

test('the challenge page fits the width', async ({ page }) => {
  await page.goto(`/challenges/${await openChallengeId(page)}`);
  await expectNoSidewaysScroll(page);
});
