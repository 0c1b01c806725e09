import { expect, test } from '@playwright/test';
import { call } from './api';
import { signIn, signOut, totp } from './helpers';

// Issue 13, accounts: a government reviewer enrols a TOTP second factor on /account/totp, and signs
// in from then on with the password and a code of the authenticator (computed here from the secret
// the screen shows, as an authenticator app would).

test('a reviewer enrols a TOTP factor and then signs in with password and code', async ({ page, request }) => {
  test.setTimeout(120_000);
  const [gov] = await call<{ id: string }[]>(request, 'GET', '/api/admin/organisations?kind=government', 'admin');
  const username = `walk-totp-${Date.now()}`;
  const password = 'Walk-totp-2026';
  await call(request, 'POST', '/api/admin/users', 'admin', {
    username,
    password,
    display_name: '动态口令演练',
    organisation_id: gov?.id,
    roles: ['gov_reviewer'],
  });

  await signIn(page, username, password);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '动态口令' }).click();
  await expect(page).toHaveURL(/\/account\/totp$/);
  await page.getByRole('button', { name: '开始绑定' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const uri = await page.getByTestId('totp-uri').innerText();
  expect(decodeURIComponent(uri)).toContain(`otpauth://totp/视谷机会平台:${username}?secret=${secret}`);

  await page.getByLabel('动态口令').fill('12');
  await page.getByRole('button', { name: '确认绑定' }).click();
  await expect(page.getByText('请输入 6 位数字')).toBeVisible();
  const confirmedAt = Date.now();
  await page.getByLabel('动态口令').fill(totp(secret, confirmedAt));
  await page.getByRole('button', { name: '确认绑定' }).click();
  await expect(page.getByText('动态口令已启用')).toBeVisible();
  await expect(page.getByTestId('recovery-codes').locator('.ant-list-item')).toHaveCount(10);
  await page.getByRole('button', { name: '我已保存，继续' }).click();
  await expect(page).toHaveURL(/\/gov$/);
  await signOut(page);

  // The password alone no longer signs in: the form asks for the code.
  await signIn(page, username, password);
  await expect(page.getByText('该账号已启用两步验证，请输入身份验证器中的动态口令')).toBeVisible();
  // The code just used for the confirmation is spent; the server accepts the next step's code
  // (one step of clock drift either way), so the walk need not wait for it.
  await page.getByLabel('动态口令').fill(totp(secret, confirmedAt));
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page.getByText('动态口令不正确或已使用过，请等待下一个口令')).toBeVisible();
  await page.getByLabel('动态口令').fill(totp(secret, confirmedAt + 30_000));
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page).toHaveURL(/\/gov$/);
  await expect(page.getByTestId('user-menu')).toHaveText('动态口令演练');
});
