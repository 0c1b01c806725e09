import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { openChallenge } from './api';
import { login } from './helpers';

// Issue 12 item 4: a receipt stands alone — a signed PDF to keep, and a public page, reached by its QR
// code, that confirms the receipt number and hash without signing in and refuses a wrong hash.
test('a sealed application yields a PDF receipt that anyone can verify signed out', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const title = `E2E 回执核验 ${Date.now()}`;
  const id = await openChallenge(page.request, title, Date.now() + 20 * 60_000);

  await login(page, 'vendor1');
  await page.goto(`/challenges/${id}`);
  await page.getByRole('button', { name: '我要揭榜' }).click();
  await page.getByLabel('项目负责人').fill('张工');
  await page
    .getByPlaceholder(/承诺值/)
    .first()
    .fill('96');
  await page.getByLabel('实施方案').fill('采用多尺度检测网络，分三阶段交付。');
  await page.getByLabel('项目预算').fill('90');
  await page.getByText('本单位承诺所填内容真实、准确、完整').click();
  await page.getByText('本单位承诺不与其他申报单位串通').click();
  await page.getByRole('button', { name: '提交申报' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交申报' }).click();

  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText(title);
  const verifyLink = receipt.getByRole('link', { name: '公开核验页' });
  const href = (await verifyLink.getAttribute('href')) ?? '';
  const query = new URLSearchParams(href.split('?')[1]);
  const receiptNo = query.get('no') ?? '';
  const sha256 = query.get('sha256') ?? '';
  expect(receiptNo).toMatch(/^SG\d{8}-/);
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  await expect(receipt).toContainText(receiptNo);

  const [download] = await Promise.all([page.waitForEvent('download'), receipt.getByRole('button', { name: /下载 PDF 回执/ }).click()]);
  expect(download.suggestedFilename()).toBe(`receipt-${receiptNo}.pdf`);
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // Signed out: a fresh context holds no tokens.
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await publicPage.goto(href);
  const result = publicPage.getByTestId('verification-result');
  await expect(result).toContainText('回执有效');
  await expect(result).toContainText(title);
  await expect(result).toContainText('北京时间');
  await expect(publicPage.getByTestId('user-menu')).toHaveCount(0);

  const form = publicPage.getByTestId('verify-receipt-form');
  await form.getByLabel('SHA-256').fill(`${sha256.slice(0, 63)}${sha256.endsWith('0') ? '1' : '0'}`);
  await form.getByRole('button', { name: /核\s*验/ }).click();
  await expect(result).toContainText('回执不存在或哈希不符');
  await expect(result).not.toContainText(title);

  await form.getByLabel('SHA-256').fill('not-a-hash');
  await form.getByRole('button', { name: /核\s*验/ }).click();
  await expect(form).toContainText('SHA-256 应为 64 位十六进制字符');
  await visitor.close();
});
