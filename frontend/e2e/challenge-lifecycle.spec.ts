import { expect, test, type Page } from '@playwright/test';
import { fillChallengeUpToAwardRules, login, SCREENSHOTS } from './helpers';

// The whole life of a challenge through the UI (issue 5), against the platform as `make run`
// starts it in sandbox time acceleration (WORKFLOW_TIME_ACCELERATION=86400: a computed day lasts a
// second). The clock itself is real: the application deadline is an absolute time, so it is set a
// little after the two applications can be in; the 公示 period (working days) is shortened.
test.describe('a challenge from posting to award', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(120_000);

  const title = `E2E 道路病害识别揭榜 ${Date.now()}`;
  // Real seconds from the moment the deadline is typed until it passes: enough to save, submit,
  // approve and for two vendors to apply.
  const DEADLINE_AHEAD_S = 60;
  let url = '';
  let deadline = 0;
  let offeredToRecommender: string[] | null = null;
  let recommenderNotice = false;

  async function open(page: Page, user: string, path = url) {
    await login(page, user);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }

  // Every decision is confirmed in the shared dialog (its OK button carries the decision's name).
  async function confirm(page: Page, name: RegExp) {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name }).click();
    await expect(dialog).toBeHidden();
  }

  const statusTag = (page: Page, status: string) => page.locator('.ant-tag', { hasText: status }).first();

  // Time-driven transitions: reload until the scheduler has moved the challenge (bounded).
  async function waitForStatus(page: Page, status: string, timeout = 90_000) {
    await expect(async () => {
      await page.reload();
      await expect(statusTag(page, status)).toBeVisible({ timeout: 1_500 });
    }).toPass({ timeout, intervals: [1_000] });
  }

  test('the enterprise posts a challenge and submits it', async ({ page }) => {
    await open(page, 'ent1', '/enterprise/challenges/new');
    await fillChallengeUpToAwardRules(page, {
      title,
      summary: '面向城市道路坑槽与裂缝的视觉识别',
      description: '在 3 个月内完成算法研发并在滨江区 50 公里道路上验证。',
    });
    await page.getByLabel('榜单金额').fill('300');
    await page.getByLabel('资金来源').fill('滨江区数字经济专项资金');
    // A long 公示 (20 working days, about 28 s here) so that the objection is surely in time.
    await page.getByLabel('公示期（工作日）').fill('20');
    await page.getByRole('button', { name: '下一步' }).click();
    deadline = Date.now() + DEADLINE_AHEAD_S * 1_000;
    const beijing = new Date(deadline + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    await page.getByLabel('揭榜截止时间').fill(beijing);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await expect(page).toHaveURL(/\/challenges\/[0-9a-f-]{36}$/);
    url = new URL(page.url()).pathname;
    await expect(statusTag(page, '草稿')).toBeVisible();
    await page.getByRole('button', { name: '提交审批' }).click();
    await confirm(page, /^提交审批$/);
    await expect(statusTag(page, '待审批')).toBeVisible();
  });

  test('the government approves it for publication', async ({ page }) => {
    await open(page, 'gov1', '/gov');
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('button', { name: '审批通过' }).click();
    await confirm(page, /^审批通过$/);
    await expect(statusTag(page, '揭榜中')).toBeVisible();
  });

  for (const vendor of ['vendor1', 'vendor2']) {
    test(`${vendor} applies and keeps the receipt`, async ({ page }) => {
      await open(page, vendor);
      await page.getByRole('button', { name: '我要揭榜' }).click();
      await page.getByLabel('项目负责人').fill('张工');
      await page
        .getByPlaceholder(/承诺值/)
        .first()
        .fill('96');
      await page.getByLabel('实施方案').fill('采用多尺度检测网络，分三阶段交付。');
      await page.getByLabel('项目预算').fill('280');
      await page.getByText('本单位承诺所填内容真实、准确、完整').click();
      await page.getByText('本单位承诺不与其他申报单位串通').click();
      await page.getByRole('button', { name: '提交申报' }).click();
      await confirm(page, /^提交申报$/);
      await expect(page.getByTestId('receipt')).toContainText('SHA-256');
      await expect(page.getByTestId('receipt')).toContainText(title);
      await page.screenshot({ path: `${SCREENSHOTS}/receipt-${vendor}.png` });
    });
  }

  test('after the deadline the government checks both applications and assigns three experts', async ({ page }) => {
    expect(Date.now(), 'both applications must be in before the deadline').toBeLessThan(deadline);
    await open(page, 'gov1', `/gov${url}`);
    await waitForStatus(page, '形式审查', deadline - Date.now() + 30_000);
    const check = page.getByRole('tabpanel');
    const rows = check.getByRole('row').filter({ has: page.getByRole('cell') });
    await expect(rows).toHaveCount(2);
    await expect(check).toContainText('杭州澄光视觉科技有限公司');
    await expect(check).toContainText('杭州湘湖智感科技有限公司');
    for (const row of await rows.all()) {
      await row.getByRole('button', { name: /^合\s*格$/ }).click();
      await confirm(page, /^合\s*格$/);
      await expect(row.locator('.ant-tag', { hasText: '形式审查通过' })).toBeVisible();
    }
    await page.getByRole('button', { name: '进入专家评审' }).click();
    await confirm(page, /^进入专家评审$/);
    await expect(statusTag(page, '专家评审')).toBeVisible();
    await page.getByRole('tab', { name: '指派专家' }).click();
    const picker = page.getByTestId('expert-picker');
    for (const expert of ['expert1', 'expert2', 'expert4']) {
      await picker.click();
      await page.keyboard.type(expert);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `${expert} ·` }).click();
    }
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^指\s*派$/ }).click();
    await expect(page.getByTestId('panel-member')).toHaveCount(3);
    await expect(page.getByTestId('panel-member').filter({ hasText: '湘湖智感' })).toContainText('expert4');
  });

  async function score(page: Page) {
    await page.getByRole('spinbutton').first().fill('88');
    await page.getByLabel('总体评价').fill('方案可行，指标承诺明确。');
    await page.getByRole('button', { name: '提交评分' }).click();
    await expect(page).toHaveURL(/\/expert$/);
  }

  for (const expert of ['expert1', 'expert2', 'expert4']) {
    test(`${expert} declares conflicts and scores${expert === 'expert4' ? ' (recused from its own organisation)' : ''}`, async ({
      page,
    }) => {
      await open(page, expert, '/expert');
      const todo = page.getByRole('row').filter({ hasText: title });
      await expect(todo).toHaveCount(2);
      await todo.first().getByRole('link', { name: '去评分' }).click();
      await page.getByText('本人承诺以上声明真实完整').click();
      await page.getByRole('button', { name: '签署声明' }).click();
      await expect(page.getByRole('button', { name: '签署声明' })).toHaveCount(0);
      // Signing recuses expert4 from vendor2's application (same organisation), maybe this very one.
      let left = 2;
      if (await page.getByTestId('assignment-closed').isVisible()) {
        await expect(page.getByTestId('assignment-closed')).toContainText('已回避');
        await page.getByRole('link', { name: '返回评审任务' }).click();
        left -= 1;
      } else {
        await score(page);
        left -= expert === 'expert4' ? 2 : 1;
      }
      await expect(todo).toHaveCount(left);
      while (left > 0) {
        await todo.first().getByRole('link', { name: '去评分' }).click();
        await score(page);
        left -= 1;
        await expect(todo).toHaveCount(left);
      }
      await page.getByText(/^全部/).click();
      const mine = page.getByRole('row').filter({ hasText: title });
      if (expert === 'expert4') {
        await expect(mine.filter({ hasText: '杭州湘湖智感科技有限公司' })).toContainText('已回避');
        await expect(mine.filter({ hasText: '已完成' })).toHaveCount(1);
      } else {
        await expect(mine.filter({ hasText: '已完成' })).toHaveCount(2);
      }
      if (expert === 'expert4') await page.screenshot({ path: `${SCREENSHOTS}/expert4-recused.png`, fullPage: true });
    });
  }

  test('one reviewer recommends, a second approves', async ({ page }) => {
    await open(page, 'gov1', `/gov${url}`);
    await page.getByRole('button', { name: '推荐揭榜单位' }).first().click();
    const ranking = page.getByRole('tabpanel');
    await expect(ranking.getByRole('row')).toHaveCount(3);
    await ranking.getByRole('button', { name: '推荐揭榜单位' }).click();
    await confirm(page, /^推荐揭榜单位$/);
    await expect(statusTag(page, '结果审批')).toBeVisible();
    // What the recommending reviewer is offered is asserted in the last test, so that a wrong
    // offer does not hide whether the rest of the walk works.
    const decisions = page.getByTestId('challenge-actions').getByRole('button', { name: /^(批准结果|驳回结果)$/ });
    offeredToRecommender = await decisions.allInnerTexts();
    recommenderNotice = await page.getByText('该结果由您推荐，需由另一位审核人批准或驳回。').isVisible();
    await open(page, 'gov2', `/gov${url}`);
    await page.getByRole('button', { name: '批准结果' }).click();
    await confirm(page, /^批准结果$/);
    await expect(statusTag(page, '公示中')).toBeVisible();
  });

  test('a vendor objects and the government answers', async ({ page }) => {
    await open(page, 'vendor2');
    await page.getByRole('tab', { name: '公示与结果' }).click();
    const grounds = '对评分过程有疑问，请复核技术方案得分。';
    await page.getByPlaceholder(/异议事实与理由/).fill(grounds);
    await page.getByRole('button', { name: '提出异议' }).click();
    await expect(page.getByTestId('publicity')).toContainText(grounds);
    await open(page, 'gov1', `/gov${url}`);
    await page.getByRole('tab', { name: '异议处理' }).click();
    const answer = '经复核，评分符合评审标准。';
    await page.getByPlaceholder('答复内容（将公开）').fill(answer);
    await page.getByRole('button', { name: '异议不成立' }).click();
    await expect(page.getByRole('dialog').getByTestId('decision-summary')).toContainText(answer);
    await confirm(page, /^异议不成立$/);
    await page.goto(url);
    await page.getByRole('tab', { name: '公示与结果' }).click();
    await expect(page.getByTestId('publicity')).toContainText(answer);
  });

  test('after the notice period the result is public', async ({ page }) => {
    await page.goto(url);
    await waitForStatus(page, '已揭榜', 60_000);
    await page.getByRole('tab', { name: '公示与结果' }).click();
    const result = page.getByTestId('publicity');
    await expect(result).toContainText('揭榜结果');
    await expect(result.getByRole('row').filter({ hasText: '杭州澄光视觉科技有限公司' })).toContainText('揭榜成功');
    await expect(result.getByRole('row').filter({ hasText: '杭州湘湖智感科技有限公司' })).toContainText('未入选');
    await expect(result).toContainText('经复核，评分符合评审标准。');
    await page.screenshot({ path: `${SCREENSHOTS}/awarded.png`, fullPage: true });
  });

  test('the reviewer who recommended was never offered the award decision', () => {
    expect(offeredToRecommender, 'gov1 saw the challenge in 结果审批 after recommending').not.toBeNull();
    expect(offeredToRecommender, 'award decisions offered to the reviewer who recommended').toEqual([]);
    expect(recommenderNotice, 'the "another reviewer must decide" notice').toBe(true);
  });
});
