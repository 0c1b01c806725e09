import { expect, type Page } from '@playwright/test';
import { login } from './helpers';

/** Reusable steps of the custodian-sealing walks (issue 16). Passphrases have at least 12 characters. */
export const CUSTODIAN_PASSPHRASE = '视谷开标密钥备份口令 walk';

/**
 * Signs in as `username` (a gov_reviewer or supervisor), makes an opening key in this browser on
 * /account/opening-key (replacing one the server already has for it), registers it and downloads
 * its backup. Returns the fingerprint as the screen shows it (4-hex groups).
 */
export async function registerOpeningKey(page: Page, username: string, passphrase = CUSTODIAN_PASSPHRASE): Promise<string> {
  await login(page, username);
  await page.goto('/account/opening-key');
  const generate = page.getByRole('button', { name: '生成并登记密钥' });
  const replace = page.getByRole('button', { name: '更换密钥' });
  await expect(generate.or(replace).first()).toBeVisible();
  if (!(await generate.isVisible())) {
    await replace.click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
  }
  await page.getByLabel('备份口令').fill(passphrase);
  await page.getByLabel('再次输入口令').fill(passphrase);
  const registered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/workflow/custody/keys'));
  await generate.click();
  expect([200, 201]).toContain((await registered).status());
  await expect(page.getByTestId('opening-key-ok')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('opening-key-download').click();
  expect((await download).suggestedFilename()).toMatch(/^shigu-opening-key-.+\.json$/);
  return (await page.getByTestId('opening-key-fingerprint').innerText()).trim();
}

/** In the challenge form's award-rules step: custodian sealing with these custodians (by the
 *  option's visible name) and k. */
export async function chooseCustodians(page: Page, names: string[], k = 2): Promise<void> {
  await page.getByRole('radio', { name: '开标人共同解密' }).check();
  const picker = page.getByTestId('custodian-picker');
  for (const name of names) {
    await picker.click();
    await page.locator('.ant-select-item-option', { hasText: name }).first().click();
  }
  await page.keyboard.press('Escape');
  await page.getByLabel('开启所需人数 k').fill(String(k));
}

/**
 * The custodian's one action on /challenges/:id/opening: opens its shares in this browser and
 * submits them. Returns the answer's text (opened, or still waiting for k).
 */
export async function openMyShares(page: Page, challengeId: string): Promise<string> {
  await page.goto(`/challenges/${challengeId}/opening`);
  await expect(page.getByTestId('opening-panel')).toBeVisible();
  const sent = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith(`/challenges/${challengeId}/opening/shares`),
  );
  await page.getByTestId('open-my-shares').click();
  expect((await sent).status()).toBe(200);
  const answer = page.getByTestId('opening-answer');
  await expect(answer).toBeVisible();
  return answer.innerText();
}
