import { createHmac } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

export const PASSWORD = process.env.DEMO_PASSWORD ?? 'shigu-demo-2026';
export const SCREENSHOTS = 'test-results/screenshots';

/** The login form with any account's password, without waiting for where it leads. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page
    .locator('form')
    .getByRole('button', { name: /登\s*录/ })
    .click();
}

export async function signOut(page: Page): Promise<void> {
  const revoked = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
  await page.getByRole('button', { name: /退出登录/ }).click();
  expect((await revoked).status()).toBe(204);
}

export async function login(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page
    .locator('form')
    .getByRole('button', { name: /登\s*录/ })
    .click();
  // Leaving /login means the tokens are stored and /me answered for this user.
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.waitForLoadState('networkidle');
}

function base32(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

/** RFC 6238: HMAC-SHA-1 of the 30-second step, dynamically truncated to 6 digits (as an
 * authenticator app computes the code from the secret). */
export function totp(secret: string, atMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** An antd select by its label: the option by its title, then the dropdown closed. */
export async function pick(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option).click();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

/**
 * The new-challenge form (already open) from its first step to the award rules: the texts given,
 * 数字安防 / 城市治理, one indicator (识别准确率 95) and one criterion (技术方案, weight 100).
 */
export async function fillChallengeUpToAwardRules(
  page: Page,
  text: { title: string; summary: string; description: string },
): Promise<void> {
  await page.getByLabel('榜单名称').fill(text.title);
  await page.getByLabel('榜单简介').fill(text.summary);
  await page.getByLabel('任务描述').fill(text.description);
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
}
