import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

interface CodeItem {
  code: string;
  label_zh: string;
}
type CodeLists = Record<string, CodeItem[]>;

// Issue 19, item 7: the demand form offers exactly the platform's code lists, and asks for the
// 有效期 and the contact that published demands show.
// The dropdown's options are read until they settle (the list re-renders when its code list arrives),
// and must then be exactly the expected ones.
async function expectOffered(page: Page, label: string, expected: string[]): Promise<void> {
  await page.getByLabel(label).click();
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await expect
    .poll(() => dropdown.locator('.ant-select-item-option').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? '')))
    .toEqual(expected);
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

test('the demand form takes its lists from the code lists and sends 有效期 and contact', async ({ page, request }) => {
  const lists = (await (await request.get('/api/matching/codelists')).json()) as CodeLists;
  const labels = (name: string) => (lists[name] ?? []).map((c) => c.label_zh);
  await login(page, 'ent1');
  await page.goto('/enterprise/demands/new');
  await expectOffered(page, '所在区县', labels('districts'));
  await expectOffered(page, '需求类型', labels('demand_types'));
  await expectOffered(page, '应用场景', labels('scenario_domains'));
  await expectOffered(page, '合作方式', labels('cooperation_modes'));

  await page.getByLabel('需求名称').fill(`E2E 园区夜间周界入侵识别 ${Date.now()}`);
  await page.getByLabel('需求背景').fill('园区夜间周界需要识别翻越与徘徊行为。');
  for (const [label, option] of [
    ['需求类型', labels('demand_types')[0]],
    ['七端领域', '数字安防'],
    ['应用场景', '城市治理'],
    ['所在区县', labels('districts').at(-1)],
  ] as const) {
    await page.getByLabel(label).click();
    await page
      .locator('.ant-select-dropdown:visible')
      .getByTitle(option ?? '')
      .click();
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  }
  await page.getByLabel('有效期至').click();
  await page.getByLabel('有效期至').fill('2027-06-30');
  await page.keyboard.press('Enter');
  await page.getByLabel('联系人').fill('王敏');
  await page.getByLabel('联系电话').fill('0571-88886666');
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
  const body = (await posted).postDataJSON() as Record<string, unknown>;
  expect(body).toMatchObject({
    valid_until: '2027-06-30',
    contact_name: '王敏',
    contact_phone: '0571-88886666',
    district: labels('districts').at(-1),
  });
  const res = await (await posted).response();
  expect(res?.status()).toBe(201);
});
