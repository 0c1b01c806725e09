import { expect, test, type Page } from '@playwright/test';
import { fillChallengeUpToAwardRules, login, pick } from './helpers';

// Issue 12, item 2: amounts are typed and shown in 万元, the unit beside the input, so 300 reads "300 万元".
// The unit is the input's own addon, not somewhere else on the page.
const unitBeside = (page: Page, label: string) =>
  page.locator('.ant-form-item', { has: page.getByLabel(label) }).getByText('万元', { exact: true });

test('a demand budget typed as 300 in the form reads 300 万元 on its page', async ({ page }) => {
  await login(page, 'ent1');
  await page.goto('/enterprise/demands/new');
  await page.getByLabel('需求名称').fill(`E2E 预算单位核对需求 ${Date.now()}`);
  await page.getByLabel('需求背景').fill('核对预算以万元填写并显示。');
  await page.getByLabel('需求类型').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await pick(page, '七端领域', '数字安防');
  await pick(page, '应用场景', '城市治理');
  await pick(page, '所在区县', '滨江区');
  await page.getByLabel('有效期至').click();
  await page.getByLabel('有效期至').fill('2027-06-30');
  await page.keyboard.press('Enter');
  await page.getByLabel('联系人').fill('王敏');
  await page.getByLabel('联系电话').fill('0571-88886666');
  await expect(unitBeside(page, '预算下限')).toBeVisible();
  await expect(unitBeside(page, '预算上限')).toBeVisible();
  await page.getByLabel('预算下限').fill('100');
  await page.getByLabel('预算上限').fill('300');

  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/matching/demands'));
  await page.getByRole('button', { name: '提交审核' }).click();
  const dialog = page.getByRole('dialog');
  // isVisible() does not wait: give the similar-demand check its time to answer with its dialog.
  if (
    await dialog
      .getByRole('button', { name: '仍然提交' })
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(
        () => true,
        () => false,
      )
  ) {
    await dialog.getByRole('button', { name: '仍然提交' }).click();
  }
  expect((await posted).postDataJSON()).toMatchObject({ budget_min: 100, budget_max: 300 });
  const res = await (await posted).response();
  expect(res?.status()).toBe(201);
  const { id } = (await res?.json()) as { id: string };

  await page.goto(`/demands/${id}`);
  const budget = page.locator('th', { hasText: '预算区间' }).locator('xpath=following-sibling::td[1]');
  await expect(budget).toHaveText('100 万元 – 300 万元');
  await expect(page.getByText('¥', { exact: false })).toHaveCount(0);
});

test('a challenge reward typed as 300 in the challenge form reads 300 万元 on the challenge page', async ({ page }) => {
  await login(page, 'ent1');
  await page.goto('/enterprise/challenges/new');
  const title = `E2E 榜单金额单位核对 ${Date.now()}`;
  await fillChallengeUpToAwardRules(page, {
    title,
    summary: '核对榜单金额以万元填写并显示',
    description: '榜单金额在表单中以万元填写。',
  });
  await expect(unitBeside(page, '榜单金额')).toBeVisible();
  await page.getByLabel('榜单金额').fill('30000');
  await expect(page.getByTestId('wan-in-words')).toHaveText('= 3 亿元');
  await page.getByLabel('榜单金额').fill('300');
  await expect(page.getByTestId('wan-in-words')).toHaveCount(0);
  await page.getByLabel('资金来源').fill('发榜单位自筹');
  await page.getByRole('button', { name: '下一步' }).click();
  const deadline = new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  await page.getByLabel('揭榜截止时间').fill(deadline);
  await page.keyboard.press('Enter');
  const saved = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/workflow/challenges'));
  await page.getByRole('button', { name: '保存为草稿' }).click();
  expect((await saved).postDataJSON()).toMatchObject({ reward_amount: 300 });
  await expect(page).toHaveURL(/\/challenges\/[0-9a-f-]{36}$/);
  const reward = page.locator('.ant-descriptions-item', { hasText: '榜单金额' }).locator('.ant-descriptions-item-content');
  await expect(reward).toHaveText('300 万元');
  await expect(page.getByText('¥', { exact: false })).toHaveCount(0);
  // The owner's list of challenges shows the same value in the same unit.
  await page.goto('/enterprise');
  const item = page.getByTestId('challenge-list').getByRole('listitem').filter({ hasText: title });
  await expect(item).toContainText('榜单金额: 300 万元');
});

test('the search filters budgets in 万元: typed 200–300, sent as 200–300, every hit reaching into it', async ({ page, request }) => {
  await page.goto('/search?kind=demand');
  const filter = page.getByTestId('budget-filter');
  await expect(filter.getByText('万元', { exact: true }).first()).toBeVisible();
  await filter.getByLabel('不低于（万元）').fill('200');
  await filter.getByLabel('不高于（万元）').fill('300');
  const answered = page.waitForResponse((r) => r.url().includes('/api/matching/search') && r.url().includes('budget_min=200'));
  await filter.getByRole('button', { name: /筛\s*选/ }).click();
  const response = await answered;
  const sent = new URL(response.url()).searchParams;
  expect([sent.get('budget_min'), sent.get('budget_max')]).toEqual(['200', '300']);
  await expect(page).toHaveURL(/budget_min=200&budget_max=300/);
  const body = (await response.json()) as { total: number; hits: { budget_min: number | null; budget_max: number | null }[] };
  const all = (await (await request.get('/api/matching/search?kind=demand')).json()) as { total: number };
  expect(body.total).toBeGreaterThan(0);
  expect(body.total).toBeLessThan(all.total);
  for (const hit of body.hits) {
    expect(hit.budget_max ?? Infinity).toBeGreaterThanOrEqual(200);
    expect(hit.budget_min ?? 0).toBeLessThanOrEqual(300);
  }
  await expect(page.getByTestId('search-hit').first()).toContainText('万元');
  await expect(page.getByText(`共 ${body.total}`, { exact: false }).first()).toBeVisible();
  // A reload keeps the range in the inputs (it lives in the URL).
  await page.reload();
  await expect(page.getByTestId('budget-filter').getByLabel('不低于（万元）')).toHaveValue('200.00');
});
