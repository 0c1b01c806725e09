import { expect, test, type Locator, type Page } from '@playwright/test';
import { apply, call, challengeBody, waitForStatus } from './api';
import { login } from './helpers';

// Issue 19, item 4: every decision asks for confirmation with a summary of what will happen,
// records the reviewer's opinion (required to reject or return) and confirms what happened.
test.describe('every decision is confirmed, with an opinion, and acknowledged', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(150_000);

  const title = `E2E 决策确认 ${Date.now()}`;
  let id = '';
  let deadline = 0;

  const statusTag = (page: Page, status: string) => page.locator('.ant-tag', { hasText: status }).first();
  const toast = (page: Page, text: string) => page.locator('.ant-message').getByText(text);

  async function open(page: Page, user: string, path: string) {
    await login(page, user);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }

  /** Clicks a decision, checks nothing happened yet, reads the summary, writes the opinion, confirms. */
  async function decide(
    page: Page,
    button: RegExp,
    summary: string,
    opinion: string | null,
    done: string,
    scope: Locator = page.getByTestId('challenge-actions'),
  ) {
    await scope.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('decision-summary')).toContainText(summary);
    if (opinion !== null) await dialog.getByLabel('审核意见').fill(opinion);
    await dialog.getByRole('button', { name: button }).click();
    await expect(toast(page, done)).toBeVisible();
    await expect(dialog).toBeHidden();
  }

  async function reasons(page: Page): Promise<Record<string, string>> {
    const res = await page.request.get(`/api/workflow/challenges/${id}/transitions`);
    const list = (await res.json()) as { action: string; reason: string }[];
    return Object.fromEntries(list.map((t) => [t.action, t.reason]));
  }

  test('the owner submits for approval after confirming', async ({ page, request }) => {
    deadline = Date.now() + 75_000;
    ({ id } = await call<{ id: string }>(request, 'POST', '/api/workflow/challenges', 'ent1', challengeBody(title, deadline)));
    await open(page, 'ent1', `/challenges/${id}`);
    await decide(page, /^提交审批$/, '提交主管部门审批', null, '“提交审批”已完成');
    await expect(statusTag(page, '待审批')).toBeVisible();
  });

  test('returning needs a reason; approving records the opinion', async ({ page, request }) => {
    await open(page, 'gov1', `/challenges/${id}`);
    await page.getByRole('button', { name: '退回修改' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('decision-summary')).toContainText('退回发榜单位修改');
    await expect(dialog.getByRole('button', { name: '退回修改' })).toBeDisabled();
    await dialog.getByLabel('审核意见').fill('请补充验证方式');
    await expect(dialog.getByRole('button', { name: '退回修改' })).toBeEnabled();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await expect(statusTag(page, '待审批')).toBeVisible();

    await decide(page, /^审批通过$/, '发布', '指标明确，同意发布。', '“审批通过”已完成');
    await expect(statusTag(page, '揭榜中')).toBeVisible();
    expect((await reasons(page)).approve).toBe('指标明确，同意发布。');
    await apply(request, id, 'vendor1', '杭州澄光视觉科技有限公司');
    await apply(request, id, 'vendor2', '杭州湘湖智感科技有限公司');
  });

  test('合格 and 进入专家评审 are confirmed and acknowledged', async ({ page, request }) => {
    await waitForStatus(request, id, 'qualification', deadline - Date.now() + 60_000);
    await open(page, 'gov1', `/gov/challenges/${id}`);
    for (const org of ['杭州澄光视觉科技有限公司', '杭州湘湖智感科技有限公司']) {
      const row = page.getByRole('row').filter({ hasText: org });
      await row.getByRole('button', { name: /^合\s*格$/ }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByTestId('decision-summary')).toContainText(`“${org}”的申报将判定为形式审查合格`);
      await dialog.getByRole('button', { name: /^合\s*格$/ }).click();
      await expect(toast(page, `已将“${org}”标记为：形式审查通过`)).toBeVisible();
      await expect(row.locator('.ant-tag', { hasText: '形式审查通过' })).toBeVisible();
    }
    await decide(page, /^进入专家评审$/, '形式审查将结束', null, '“进入专家评审”已完成');
    await expect(statusTag(page, '专家评审')).toBeVisible();
  });

  test('experts score (set up through the API)', async ({ request }) => {
    const directory = await call<{ id: string; username: string }[]>(request, 'GET', '/api/directory/experts', 'gov1');
    const ids = directory.filter((e) => ['expert1', 'expert2'].includes(e.username)).map((e) => e.id);
    await call(request, 'POST', `/api/workflow/challenges/${id}/experts`, 'gov1', { user_ids: ids });
    for (const expert of ['expert1', 'expert2']) {
      await call(request, 'POST', `/api/workflow/challenges/${id}/coi`, expert, { conflicts: [] });
      const mine = await call<{ id: string; challenge_id: string }[]>(request, 'GET', '/api/workflow/assignments', expert);
      for (const a of mine.filter((x) => x.challenge_id === id)) {
        await call(request, 'PUT', `/api/workflow/assignments/${a.id}/scores`, expert, { scores: { tech: 88 }, comment: '方案可行。' });
      }
    }
  });

  test("推荐 names who is recommended; the second reviewer's 批准结果 is confirmed", async ({ page }) => {
    await open(page, 'gov1', `/gov/challenges/${id}`);
    await page.getByRole('tab', { name: '评审排名' }).click();
    await decide(page, /^推荐揭榜单位$/, '将推荐以下单位：', '综合得分第一。', '已提交推荐', page.getByRole('tabpanel'));
    await expect(statusTag(page, '结果审批')).toBeVisible();
    expect((await reasons(page)).recommend).toBe('综合得分第一。');
    await open(page, 'gov2', `/gov/challenges/${id}`);
    await decide(page, /^批准结果$/, '进入公示期', '同意推荐结果。', '“批准结果”已完成');
    await expect(statusTag(page, '公示中')).toBeVisible();
    expect((await reasons(page)).approve_award).toBe('同意推荐结果。');
  });
});
