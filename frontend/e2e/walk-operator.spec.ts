import { expect, test, type Page } from '@playwright/test';
import { creditCodeCheckChar } from '../src/lib/credit-code';
import { call, openChallenge } from './api';
import { login, PASSWORD } from './helpers';

// Issue 12 item 3, issue 19 item 8: the operator screens for what existed only as API.
// The calendar screen has its own walk (walk-calendar.spec.ts).
test.describe('the operator works the dead letters, reindex, verification and audit screens', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(120_000);

  const stamp = Date.now();
  const toast = (page: Page, text: string) => page.locator('.ant-message').getByText(text);

  function creditCode(): string {
    const first17 = `91330106${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
    return first17 + (creditCodeCheckChar(first17) ?? '0');
  }

  async function register(page: Page, name: string, username: string): Promise<void> {
    const res = await page.request.post('/api/auth/register', {
      data: {
        organisation: { name, kind: 'vendor', credit_code: creditCode(), district: '滨江区' },
        user: { username, password: PASSWORD, display_name: `${name}联系人` },
      },
    });
    expect(res.status(), await res.text()).toBe(201);
  }

  async function adminScreen(page: Page, link: string): Promise<void> {
    await login(page, 'admin');
    await page.goto('/admin');
    await page.getByTestId(link).click();
    await page.waitForLoadState('networkidle');
  }

  test('the dead letters list what failed, or says there is none', async ({ page, request }) => {
    const failed = await call<unknown[]>(request, 'GET', '/api/workflow/admin/outbox?state=failed', 'admin');
    await adminScreen(page, 'admin-dead-letters');
    await expect(page.getByRole('heading', { name: '死信' })).toBeVisible();
    const table = page.getByTestId('dead-letters');
    await expect(table.getByRole('columnheader', { name: '失败原因' })).toBeVisible();
    if (failed.length === 0) await expect(table).toContainText('没有死信');
    else await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(failed.length);
  });

  test('the index is rebuilt from the screen with counts', async ({ page }) => {
    await adminScreen(page, 'admin-reindex');
    await page.getByTestId('reindex-start').click();
    const result = page.getByTestId('reindex-result');
    await expect(result).toContainText('重建完成', { timeout: 60_000 });
    await expect(result).toContainText('场景需求');
  });

  test('one registration is approved, another rejected with a reason the registrant is told', async ({ page }) => {
    const approve = `E2E 审核通过科技 ${stamp}`;
    const reject = `E2E 审核退回科技 ${stamp}`;
    await register(page, approve, `e2e-ok-${stamp}`);
    await register(page, reject, `e2e-no-${stamp}`);
    await adminScreen(page, 'admin-verification');
    const queue = page.getByTestId('verify-queue');

    const okRow = queue.locator('tr', { hasText: approve });
    await expect(okRow).toContainText('✓ 校验位正确');
    await expect(okRow).toContainText(`${approve}联系人`);
    await okRow.getByRole('button', { name: '审核通过' }).click();
    let dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('decision-summary')).toContainText(approve);
    await dialog.getByRole('button', { name: '审核通过' }).click();
    await expect(toast(page, `已审核通过“${approve}”`)).toBeVisible();
    await expect(okRow).toBeHidden(); // the pending filter no longer shows it

    const noRow = queue.locator('tr', { hasText: reject });
    await noRow.getByRole('button', { name: /^退\s*回$/ }).click();
    dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: /^退\s*回$/ })).toBeDisabled(); // no reason, no rejection
    await dialog.getByLabel('审核意见').fill('营业执照与机构名称不一致');
    await dialog.getByRole('button', { name: /^退\s*回$/ }).click();
    await expect(toast(page, `已退回“${reject}”的注册`)).toBeVisible();
    await page
      .getByTestId('verify-filter')
      .getByText(/已退回/)
      .click();
    await expect(queue.locator('tr', { hasText: reject })).toContainText('营业执照与机构名称不一致');
    // Issue 15: buttons follow the organisation's allowed_actions. A rejected registration offers
    // nothing, in the queue or in the organisations table (suspending it is a 409), where an active
    // organisation may be suspended. The table lists by registration, the newest on its last page.
    await expect(queue.locator('tr', { hasText: reject }).getByRole('button')).toHaveCount(0);
    await page.goto('/admin');
    const rows = page.getByRole('tabpanel').locator('tbody tr.ant-table-row');
    await expect(rows.first()).toContainText('正常');
    await expect(rows.first().getByRole('button')).toHaveText([/^停\s*用$/]);
    await page.locator('.ant-pagination-item').last().click();
    const rejectedRow = page.locator('tr', { hasText: reject });
    await expect(rejectedRow).toContainText('已退回');
    await expect(rejectedRow.getByRole('button')).toHaveCount(0);

    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.goto('/login');
    await page.getByLabel('用户名').fill(`e2e-no-${stamp}`);
    await page.getByLabel('密码').fill(PASSWORD);
    await page
      .locator('form')
      .getByRole('button', { name: /登\s*录/ })
      .click();
    await expect(page.getByText('机构注册未通过审核。退回理由：营业执照与机构名称不一致')).toBeVisible();
  });

  test("a published challenge's audit chain is shown as a verified timeline", async ({ page, request }) => {
    const id = await openChallenge(request, `E2E 审计链 ${stamp}`, Date.now() + 3_600_000);
    await page.goto(`/challenges/${id}`);
    await page.getByTestId('audit-link').click();
    await expect(page).toHaveURL(new RegExp(`/challenges/${id}/audit$`));
    await expect(page.getByTestId('audit-verification')).toContainText(/链校验通过 · \d+ 条记录/);
    const entries = page.getByTestId('audit-entry');
    const all = await entries.count();
    expect(all).toBeGreaterThan(1);
    await page.getByTestId('audit-kind').getByText('榜单流程').click();
    await expect(entries.first()).toContainText('榜单流程');
    await page.getByTestId('audit-kind').getByText('评审').click();
    await expect(page.getByText('没有此类记录')).toBeVisible();
  });
});
