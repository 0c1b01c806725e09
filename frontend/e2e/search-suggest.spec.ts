import { expect, test } from '@playwright/test';

// Issue 12, item 6: suggestions while typing; a title opens its item, a tag searches for it.
test('typing a title prefix suggests the title, and choosing it opens the item', async ({ page }) => {
  await page.goto('/search');
  await page.getByRole('combobox', { name: '搜索需求、榜单、服务商、首台套产品…' }).fill('杭州澄光');
  const option = page.getByTestId('suggestion').filter({ hasText: '杭州澄光视觉科技有限公司' });
  await option.click();
  await expect(page).toHaveURL(/\/providers\/[0-9a-f-]+$/);
  await expect(page.getByText('杭州澄光视觉科技有限公司').first()).toBeVisible();
});

test('a Latin prefix suggests too, and the home page box suggests as well', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('combobox', { name: '搜索需求、榜单、服务商、首台套产品…' });
  await box.fill('AI');
  await expect(page.getByTestId('suggestion').first()).toContainText(/AI/i);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=AI$/);
});

test('the API docs render under the CSP, for the gateway and through it for each service', async ({ page }) => {
  test.setTimeout(180_000);
  const refused: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') refused.push(m.text());
  });
  for (const path of ['/docs', '/api/matching/docs', '/api/workflow/docs']) {
    await page.goto(path);
    await expect(page.locator('.swagger-ui .info .title')).toBeVisible();
    await expect(page.locator('.opblock').first()).toBeVisible();
  }
  expect(refused).toEqual([]);
});

test('typing on the home page goes on without a break when the box with suggestions replaces the plain one', async ({ page }) => {
  // The box's code is held back until half the query is typed, so the swap happens while typing goes on.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/search-box-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  const plain = page.locator('.hero-search input');
  await plain.click();
  await page.keyboard.type('industrial ', { delay: 30 });
  release();
  // Key after key, with no wait for the new box: whatever had the focus at each instant got the key.
  await page.keyboard.type('vision camera', { delay: 30 });
  const box = page.locator('.hero-suggest input');
  await box.waitFor();
  await expect(plain).toHaveCount(0);
  await expect(box).toHaveValue('industrial vision camera');
  await expect(box).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=industrial%20vision%20camera$/);
});
