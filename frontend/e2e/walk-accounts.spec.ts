import { expect, test, type Page } from '@playwright/test';
import { call } from './api';
import { login, signIn, signOut } from './helpers';

// Issue 13, accounts: signing out ends the session on the server, and a password is changed by its
// owner or reset by an administrator to a temporary one that must be replaced at sign-in.

// The refresh token is the browser's HttpOnly cookie: the page cannot read it, the test's context can.
const refreshCookie = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'shigu_refresh')?.value;

test('signing out revokes the session on the server', async ({ page, request }) => {
  await login(page, 'ent1');
  const refresh = await refreshCookie(page);
  expect(refresh).toBeTruthy();
  await signOut(page);
  await page.reload();
  // Signed out from a protected page, the app may land on the home page or the sign-in form; the
  // header's sign-in button is there either way.
  await expect(page.locator('#app-menu').getByRole('button', { name: /登\s*录/ })).toBeVisible();
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
  expect(await refreshCookie(page)).toBeUndefined();
  const replay = await request.post('/api/auth/refresh', { data: { refresh_token: refresh } });
  expect(replay.status()).toBe(401);
});

test('a user changes their password, and one reset by an administrator is replaced at sign-in', async ({ page, request }) => {
  test.setTimeout(120_000);
  const [operator] = await call<{ id: string }[]>(request, 'GET', '/api/admin/organisations?kind=operator', 'admin');
  const username = `walk-acct-${Date.now()}`;
  const user = await call<{ id: string }>(request, 'POST', '/api/admin/users', 'admin', {
    username,
    password: 'Walk-accounts-2026',
    display_name: '账号演练',
    organisation_id: operator?.id,
    roles: ['expert'],
  });

  await signIn(page, username, 'Walk-accounts-2026');
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  await page.getByLabel('当前密码').fill('Walk-accounts-2026');
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('确认新密码').fill('short');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码至少 10 位').first()).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('Changed-walk-2026');
  await page.getByLabel('确认新密码').fill('Changed-walk-2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码已修改，其他设备上的登录已全部退出')).toBeVisible();
  await signOut(page);

  await signIn(page, username, 'Changed-walk-2026');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await signOut(page);
  const old = await request.post('/api/auth/token', { form: { username, password: 'Walk-accounts-2026' } });
  expect(old.status()).toBe(401);

  const reset = await call<{ temporary_password: string }>(request, 'POST', `/api/admin/users/${user.id}/reset-password`, 'admin');
  await signIn(page, username, reset.temporary_password);
  await expect(page.getByText('这是管理员设置的临时密码，请设置新密码后登录')).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('After-reset-2026');
  await page.getByLabel('确认新密码').fill('After-reset-2026');
  await page.getByRole('button', { name: '设置新密码并登录' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  const again = await request.post('/api/auth/token', { form: { username, password: 'After-reset-2026' } });
  expect(again.status()).toBe(200);
});

test('an administrator sends a one-time reset link, and the user sets a new password with it once', async ({ page, request }) => {
  test.setTimeout(120_000);
  const [operator] = await call<{ id: string }[]>(request, 'GET', '/api/admin/organisations?kind=operator', 'admin');
  // The users table is sorted by username and paged: the newest such account sorts first.
  const username = `a-link-${String(9_999_999_999_999 - Date.now())}`;
  const user = await call<{ id: string }>(request, 'POST', '/api/admin/users', 'admin', {
    username,
    password: 'Walk-link-2026',
    display_name: '链接演练',
    organisation_id: operator?.id,
    roles: ['expert'],
  });

  await login(page, 'admin');
  await page.goto('/admin');
  await page.getByRole('tab', { name: '用户管理' }).click();
  const row = page.getByRole('row').filter({ hasText: username });
  await row.getByTestId('reset-link-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('decision-summary')).toContainText('链接演练');
  await dialog.getByLabel('审核意见').fill('电话回拨核实身份');
  await dialog.getByRole('button', { name: '重置链接' }).click();
  const shown = page.getByTestId('reset-link');
  await shown.waitFor();
  const link = (await shown.innerText()).trim();
  expect(link).toMatch(/\/password-reset\/link\?token=[A-Za-z0-9_-]{40,}$/);
  await expect(page.getByText('该用户没有已验证的邮箱，链接未发送')).toBeVisible();
  await page.getByRole('button', { name: /OK|确\s*定/ }).click();
  await signOut(page);

  const path = new URL(link).pathname + new URL(link).search;
  await page.goto(path);
  await expect(page.getByText('请为您的账号设置新密码')).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('Walk-link-2026');
  await page.getByLabel('确认新密码').fill('Walk-link-2026');
  await page.getByRole('button', { name: '设置新密码' }).click();
  await expect(page.getByText('新密码不能与当前密码相同')).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('Link-reset-2026');
  await page.getByLabel('确认新密码').fill('Link-reset-2026');
  await page.getByRole('button', { name: '设置新密码' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, username, 'Link-reset-2026');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await signOut(page);

  await page.goto(path);
  await page.getByLabel('新密码', { exact: true }).fill('Second-try-2026');
  await page.getByLabel('确认新密码').fill('Second-try-2026');
  await page.getByRole('button', { name: '设置新密码' }).click();
  await expect(page.getByText('该链接已使用过，不能再次使用')).toBeVisible();
  const audit = await call<{ items: { action: string }[] }>(request, 'GET', `/api/admin/audit?target=user:${user.id}`, 'admin');
  expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['user.password_reset_link', 'user.password_reset_by_link']));
});
