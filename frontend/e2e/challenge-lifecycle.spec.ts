import { expect, test, type Page } from '@playwright/test';
import { login, SCREENSHOTS } from './helpers';

// The whole life of a challenge through the UI (issue 5). It needs the real platform in sandbox
// time acceleration and the demo users gov2, vendor2, expert2, expert3 besides the smoke ones,
// so it runs only with E2E_FULL=1. Not yet run against the services: expect to tune selectors
// and waits once they serve these screens.
test.describe('a challenge from posting to award', () => {
  test.skip(!process.env.E2E_FULL, 'set E2E_FULL=1 to walk a whole challenge');
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(180_000);

  const title = `E2E 道路病害识别揭榜 ${Date.now()}`;
  let url = '';

  async function pick(page: Page, label: string, option: string) {
    await page.getByLabel(label).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option).click();
  }

  async function open(page: Page, user: string, path = url) {
    await login(page, user);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }

  async function waitForStatus(page: Page, status: string) {
    await expect(async () => {
      await page.reload();
      await expect(page.locator('.ant-tag', { hasText: status }).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 120_000, intervals: [2_000] });
  }

  test('the enterprise posts a challenge and submits it', async ({ page }) => {
    await open(page, 'ent1', '/enterprise/challenges/new');
    await page.getByLabel('榜单名称').fill(title);
    await page.getByLabel('榜单简介').fill('面向城市道路坑槽与裂缝的视觉识别');
    await page.getByLabel('任务描述').fill('在 3 个月内完成算法研发并在滨江区 50 公里道路上验证。');
    await pick(page, '七端领域', '数字安防');
    await pick(page, '应用场景', '城市治理');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByPlaceholder('指标名称').fill('识别准确率');
    await page.getByPlaceholder('目标值').fill('95');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByPlaceholder('评审项').fill('技术方案');
    await page.getByRole('spinbutton', { name: '权重' }).fill('100');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('榜单金额（元）').fill('3000000');
    await page.getByLabel('资金来源').fill('滨江区数字经济专项资金');
    await page.getByRole('button', { name: '下一步' }).click();
    const deadline = new Date(Date.now() + 8 * 86_400_000);
    const beijing = new Date(deadline.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    await page.getByLabel('揭榜截止时间').fill(beijing);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await expect(page).toHaveURL(/\/challenges\/[^/]+$/);
    url = new URL(page.url()).pathname;
    await page.getByRole('button', { name: '提交审批' }).click();
    await expect(page.locator('.ant-tag', { hasText: '待审批' }).first()).toBeVisible();
  });

  test('the government approves it for publication', async ({ page }) => {
    await open(page, 'gov1');
    await page.getByRole('button', { name: '审批通过' }).click();
    await expect(page.locator('.ant-tag', { hasText: '揭榜中' }).first()).toBeVisible();
  });

  for (const vendor of ['vendor1', 'vendor2']) {
    test(`${vendor} applies and keeps the receipt`, async ({ page }) => {
      await open(page, vendor);
      await page.getByRole('button', { name: '我要揭榜' }).click();
      await page.getByLabel('项目负责人').fill('张工');
      await page.getByPlaceholder(/承诺值/).first().fill('96');
      await page.getByLabel('实施方案').fill('采用多尺度检测网络，分三阶段交付。');
      await page.getByLabel('项目预算（元）').fill('2800000');
      await page.getByText('本单位承诺所填内容真实、准确、完整').click();
      await page.getByText('本单位承诺不与其他申报单位串通').click();
      await page.getByRole('button', { name: '提交申报' }).click();
      await expect(page.getByTestId('receipt')).toContainText('SHA-256');
      await page.screenshot({ path: `${SCREENSHOTS}/receipt-${vendor}.png` });
    });
  }

  test('after the deadline the government checks both applications', async ({ page }) => {
    await open(page, 'gov1', `/gov${url}`);
    await waitForStatus(page, '形式审查');
    for (const button of await page.getByRole('button', { name: '合格' }).all()) await button.click();
    await page.getByRole('button', { name: '进入专家评审' }).click();
    await expect(page.locator('.ant-tag', { hasText: '专家评审' }).first()).toBeVisible();
    await page.getByRole('tab', { name: '指派专家' }).click();
    await page.getByText('选择评审专家').click();
    for (const expert of ['expert1', 'expert2', 'expert3']) await page.keyboard.type(`${expert}\n`);
    await page.getByRole('button', { name: '指派' }).click();
  });

  for (const expert of ['expert1', 'expert2', 'expert3']) {
    test(`${expert} declares conflicts and scores (expert3 recuses)`, async ({ page }) => {
      await open(page, expert, '/expert');
      while (await page.getByRole('link', { name: '去评分' }).count()) {
        await page.getByRole('link', { name: '去评分' }).first().click();
        if (await page.getByRole('button', { name: '签署声明' }).isVisible()) {
          await page.getByText('本人承诺以上声明真实完整').click();
          await page.getByRole('button', { name: '签署声明' }).click();
        }
        if (expert === 'expert3') {
          await page.getByPlaceholder('回避原因').fill('曾在申报单位任职');
          await page.getByRole('button', { name: '回避' }).click();
          await page.getByRole('button', { name: /确\s*定|OK/ }).click();
        } else {
          await page.getByRole('spinbutton').first().fill('88');
          await page.getByLabel('总体评价').fill('方案可行，指标承诺明确。');
          await page.getByRole('button', { name: '提交评分' }).click();
        }
        await expect(page).toHaveURL(/\/expert$/);
      }
    });
  }

  test('one reviewer recommends, a second approves', async ({ page }) => {
    await open(page, 'gov1', `/gov${url}`);
    await page.getByRole('button', { name: '推荐揭榜单位' }).first().click();
    await page.getByRole('tab', { name: '评审排名' }).click();
    await page.getByRole('tabpanel').getByRole('button', { name: '推荐揭榜单位' }).click();
    await expect(page.getByRole('button', { name: '批准结果' })).toHaveCount(0);
    await open(page, 'gov2', `/gov${url}`);
    await page.getByRole('button', { name: '批准结果' }).click();
    await expect(page.locator('.ant-tag', { hasText: '公示中' }).first()).toBeVisible();
  });

  test('a vendor objects and the government answers', async ({ page }) => {
    await open(page, 'vendor2');
    await page.getByRole('tab', { name: '公示与结果' }).click();
    await page.getByPlaceholder(/异议事实与理由/).fill('对评分过程有疑问，请复核技术方案得分。');
    await page.getByRole('button', { name: '提出异议' }).click();
    await open(page, 'gov1', `/gov${url}`);
    await page.getByRole('tab', { name: '异议处理' }).click();
    await page.getByPlaceholder('答复内容（将公开）').fill('经复核，评分符合评审标准。');
    await page.getByRole('button', { name: '异议不成立' }).click();
  });

  test('after the notice period the result is public', async ({ page }) => {
    await page.goto(url);
    await waitForStatus(page, '已揭榜');
    await page.getByRole('tab', { name: '公示与结果' }).click();
    await expect(page.getByTestId('publicity')).toContainText('揭榜结果');
    await page.screenshot({ path: `${SCREENSHOTS}/awarded.png`, fullPage: true });
  });
});
