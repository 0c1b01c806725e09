import { expect, test } from '@playwright/test';
import { creditCodeCheckChar } from '../src/lib/credit-code';
import { call } from './api';
import { login, PASSWORD } from './helpers';

// Issue 13 item 4: an administrative act shows in the audit screen, the chain's verification is a
// sentence (not JSON), the filters narrow the list, and the export downloads a workbook.
test('an organisation verified by the admin is in the audit trail, the chain verifies, the export downloads', async ({ page, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const first17 = `91330106${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const res = await request.post('/api/auth/register', {
    data: {
      organisation: {
        name: `E2E 审计科技 ${stamp}`,
        kind: 'vendor',
        credit_code: first17 + (creditCodeCheckChar(first17) ?? '0'),
        district: '滨江区',
      },
      user: { username: `e2e-audit-${stamp}`, password: PASSWORD, display_name: '审计联系人' },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const org = ((await res.json()) as { organisation: { id: string } }).organisation.id;
  await call(request, 'POST', `/api/admin/organisations/${org}/verify`, 'admin');

  await login(page, 'admin');
  await page.goto('/admin');
  await page.getByTestId('admin-audit').click();
  await expect(page.getByRole('heading', { name: '操作审计' })).toBeVisible();
  await expect(page.getByTestId('admin-audit-verification')).toContainText('链校验通过');

  await page.getByTestId('admin-audit-target').fill(`organisation:${org}`);
  await page.getByTestId('admin-audit-search').click();
  const rows = page.getByTestId('admin-audit-entries').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('机构审核通过');
  await expect(rows.first()).toContainText('admin');

  const download = page.waitForEvent('download');
  await page.getByTestId('admin-audit-export-xlsx').click();
  expect((await download).suggestedFilename()).toBe('audit-gateway.xlsx');

  await page.getByTestId('admin-audit-service').getByText('需求与撮合').click();
  await expect(page.getByTestId('admin-audit-verification')).toContainText('链校验通过');

  // Workflow's chain: a calendar day set (far enough ahead to change no running period) and removed.
  const day = `2099-10-${String(10 + (stamp % 18)).padStart(2, '0')}`;
  await call(request, 'PUT', `/api/workflow/calendar/overrides/${day}`, 'admin', { is_workday: true, note: '演练调休' });
  expect(
    (await call<{ items: unknown[] }>(request, 'GET', `/api/workflow/admin/audit?target=day:${day}`, 'admin')).items.length,
  ).toBeGreaterThan(0);
  await page.getByTestId('admin-audit-service').getByText('榜单与日历').click();
  await expect(page.getByTestId('admin-audit-verification')).toContainText('链校验通过');
  await page.getByTestId('admin-audit-target').fill(`day:${day}`);
  await page.getByTestId('admin-audit-search').click();
  await expect(rows.first()).toContainText('设置日历日');
  const workflowExport = page.waitForEvent('download');
  await page.getByTestId('admin-audit-export-csv').click();
  expect((await workflowExport).suggestedFilename()).toBe('audit-workflow.csv');
});

// Issue 13 item 1: the user's sessions, the current one marked; another one signed out from the list.
test('a user sees the sessions of the account and signs another one out', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const other = await browser.newContext({ userAgent: 'E2E-other-device' });
  const otherPage = await other.newPage();
  await login(otherPage, 'vendor3');
  await login(page, 'vendor3');
  await page.goto('/account/sessions');
  const table = page.getByTestId('account-sessions');
  await expect(table.getByTestId('account-session-current')).toHaveCount(1);
  const row = table.locator('tbody tr.ant-table-row', { hasText: 'E2E-other-device' });
  await expect(row).toHaveCount(1);
  await row.getByTestId('account-session-revoke').click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /退出该会话/ })
    .click();
  await expect(row).toHaveCount(0);
  await expect(table.getByTestId('account-session-current')).toHaveCount(1);
  await other.close();
});
