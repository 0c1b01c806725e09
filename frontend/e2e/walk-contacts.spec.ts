import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { call } from './api';
import { login, signIn, signOut } from './helpers';

// Issue 13, contacts: an e-mail is taken only once the code sent to it is entered, notices are chosen
// per channel, and a forgotten password is reset by a code to the verified e-mail. Without an SMTP
// server the sandbox platform writes each message to its log (kit/mail.py); the walk reads the code
// there: E2E_PLATFORM_LOG names the file (scripts/test.sh sets it).

const LOG = process.env.E2E_PLATFORM_LOG ?? '';

interface LogLine {
  msg?: string;
  to?: string;
  subject?: string;
  text?: string;
}

function lastCode(to: string, subject: RegExp): string | null {
  const lines = readFileSync(LOG, 'utf-8').split('\n');
  for (const line of lines.reverse()) {
    if (!line.includes('mail not sent')) continue;
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      continue;
    }
    if (entry.to === to && subject.test(entry.subject ?? '')) return /\b(\d{6})\b/.exec(entry.text ?? '')?.[1] ?? null;
  }
  return null;
}

async function codeFor(to: string, subject: RegExp): Promise<string> {
  let code: string | null = null;
  await expect.poll(() => (code = lastCode(to, subject)), { timeout: 15_000 }).not.toBeNull();
  return code as unknown as string;
}

async function openContacts(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '联系方式与通知' }).click();
  await expect(page.getByRole('heading', { name: '电子邮箱' })).toBeVisible();
}

test('a verified e-mail, notice preferences, and a password reset through that e-mail', async ({ page, request }) => {
  test.setTimeout(150_000);
  expect(LOG, 'E2E_PLATFORM_LOG must name the platform log').not.toBe('');
  const [operator] = await call<{ id: string }[]>(request, 'GET', '/api/admin/organisations?kind=operator', 'admin');
  const username = `walk-contact-${Date.now()}`;
  const email = `${username}@example.cn`;
  await call(request, 'POST', '/api/admin/users', 'admin', {
    username,
    password: 'Walk-contacts-2026',
    display_name: '联系方式演练',
    organisation_id: operator?.id,
    roles: ['expert'],
  });

  await signIn(page, username, 'Walk-contacts-2026');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await openContacts(page);
  const mail = page.getByTestId('contact-email');
  await expect(mail.getByText('尚未验证')).toBeVisible();
  await mail.getByLabel('电子邮箱').fill('not-an-address');
  await mail.getByRole('button', { name: '发送验证码' }).click();
  await expect(mail.getByText('地址格式不正确')).toBeVisible();
  await mail.getByLabel('电子邮箱').fill(email);
  await mail.getByRole('button', { name: '发送验证码' }).click();
  await expect(mail.getByText(`验证码已发送至 ${email}`)).toBeVisible();
  const code = await codeFor(email, /联系方式验证码/);
  await mail.getByLabel('验证码').fill(code === '000000' ? '111111' : '000000');
  await mail.getByRole('button', { name: '验 证' }).click();
  await expect(mail.getByText('验证码不正确、已过期或已失效，请重新获取')).toBeVisible();
  await mail.getByLabel('验证码').fill(code);
  await mail.getByRole('button', { name: '验 证' }).click();
  await expect(page.getByTestId('verified-email')).toHaveText(email);
  await expect(mail.getByText('已验证')).toBeVisible();

  // Preferences: SMS only where it is offered; a choice survives a reload.
  const finalSms = page.getByRole('checkbox', { name: '揭榜结果公布 — 短信' });
  await expect(finalSms).toBeChecked();
  await expect(page.getByRole('checkbox', { name: '收到新的提问 — 短信' })).toHaveCount(0);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/account/preferences') && r.request().method() === 'PUT');
  // Checked as the server answers (a controlled checkbox), so a click and then its state.
  await page.getByRole('checkbox', { name: '收到新的提问 — 电子邮箱' }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole('checkbox', { name: '收到新的提问 — 电子邮箱' })).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: '收到新的提问 — 电子邮箱' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: '揭榜结果公布 — 电子邮箱' })).toBeChecked();
  await signOut(page);

  // 忘记密码: the same answer for an unknown account, a code for this one.
  await page.goto('/login');
  await page.getByRole('link', { name: '忘记密码？' }).click();
  await page.getByLabel('用户名或电子邮箱').fill(email);
  await page.getByRole('button', { name: '发送验证码' }).click();
  await expect(page.getByText('如果该账号存在且已验证电子邮箱，验证码已发送到该邮箱')).toBeVisible();
  const reset = await codeFor(email, /重置密码/);
  await page.getByLabel('验证码').fill(reset);
  await page.getByLabel('新密码', { exact: true }).fill('Reset-walk-2027');
  await page.getByLabel('确认新密码').fill('Reset-walk-2027');
  await page.getByRole('button', { name: '设置新密码' }).click();
  await expect(page.getByText('密码已重置，请用新密码登录')).toBeVisible();
  const old = await request.post('/api/auth/token', { form: { username, password: 'Walk-contacts-2026' } });
  expect(old.status()).toBe(401);
  await signIn(page, username, 'Reset-walk-2027');
  await expect(page.getByTestId('user-menu')).toBeVisible();
});

// The header's language switch, signed in, also sets the language of the account's e-mail and SMS;
// the daily digest is chosen on the contacts screen.
test('switching the language in the header sets the language of the messages, and the digest is a choice', async ({ page, request }) => {
  await login(page, 'expert2');
  const toEnglish = page.waitForResponse((r) => r.url().endsWith('/api/account/locale') && r.request().method() === 'PUT');
  await page.getByTestId('language-toggle').click();
  expect((await toEnglish).status()).toBe(200);
  await expect(page.getByTestId('language-toggle')).toHaveText(/中文/);
  expect((await call<{ locale: string }>(request, 'GET', '/api/account/contacts', 'expert2')).locale).toBe('en');
  const toChinese = page.waitForResponse((r) => r.url().endsWith('/api/account/locale') && r.request().method() === 'PUT');
  await page.getByTestId('language-toggle').click();
  expect((await toChinese).status()).toBe(200);
  expect((await call<{ locale: string }>(request, 'GET', '/api/account/contacts', 'expert2')).locale).toBe('zh');

  // The daily digest is a switch of the same screen, kept across a reload.
  await openContacts(page);
  const digest = page.getByTestId('email-digest');
  await expect(digest).not.toBeChecked();
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/account/digest') && r.request().method() === 'PUT');
  await digest.click();
  expect((await saved).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('email-digest')).toBeChecked();
  expect((await call<{ email_digest: boolean }>(request, 'GET', '/api/account/contacts', 'expert2')).email_digest).toBe(true);
  await page.getByTestId('email-digest').click();
  await expect(page.getByTestId('email-digest')).not.toBeChecked();
});
