import { expect, test } from '@playwright/test';
import { login, SCREENSHOTS } from './helpers';

test('home page loads in Chinese', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '中国视谷 · 场景机会与揭榜挂帅' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '正在揭榜' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SCREENSHOTS}/public-home.png`, fullPage: true });
});

const roles = [
  { username: 'admin', path: '/admin', heading: '平台管理' },
  { username: 'ent1', path: '/enterprise', heading: '企业工作台' },
  { username: 'vendor1', path: '/vendor', heading: '揭榜方工作台' },
  { username: 'expert1', path: '/expert', heading: '我的评审任务' },
  { username: 'gov1', path: '/gov', heading: '主管部门工作台' },
];

for (const role of roles) {
  test(`${role.username} signs in and lands on the main page`, async ({ page }) => {
    await login(page, role.username);
    await expect(page).toHaveURL(new RegExp(`${role.path}$`));
    await expect(page.getByRole('heading', { name: role.heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${SCREENSHOTS}/${role.username}.png`, fullPage: true });
  });
}

test('switching to English shows English text and survives a reload', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('language-toggle').click();
  await expect(page.getByRole('heading', { name: 'Open challenges' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Search' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Open challenges' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/public-home-en.png`, fullPage: true });
});

test('search with a Chinese query and a facet, all in the URL', async ({ page }) => {
  await page.goto('/');
  // The box with suggestions replaces the plain one once its code is loaded: type into that one.
  await expect(page.locator('.hero-suggest')).toBeVisible();
  await page
    .locator('.hero-suggest')
    .getByPlaceholder(/搜索需求/)
    .fill('工业视觉');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=%E5%B7%A5%E4%B8%9A%E8%A7%86%E8%A7%89/);
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  // The URL only changes on a click, so the checked state is asserted after it, not by check().
  const group = page.getByTestId('facets').locator('[data-facet]').first();
  const name = await group.getAttribute('data-facet');
  const facet = group.getByRole('checkbox').first();
  const value = (await facet.locator('xpath=ancestor::label').innerText()).trim();
  await facet.click();
  await expect(facet).toBeChecked();
  await expect(page).toHaveURL(/[?&](?!q=|kind=|page=|sort=)[a-z_]+=[^&]+/);
  await page.reload();
  await expect(page.locator(`[data-facet="${name}"]`).getByRole('checkbox', { name: value, exact: true })).toBeChecked();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SCREENSHOTS}/search.png`, fullPage: true });
});
