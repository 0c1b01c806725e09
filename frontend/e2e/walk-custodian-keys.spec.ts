import { expect, test } from '@playwright/test';
import { chooseCustodians, registerOpeningKey } from './custody';
import { fillChallengeUpToAwardRules, login, signOut } from './helpers';

// Issue 16, custodians: a government reviewer and the supervisor each make an opening key in their
// own browser, register it and see its fingerprint; the owner then names them as custodians of a
// challenge and the challenge page shows the sealing mode, the custodians and k.

test('custodians register keys in the browser and the owner names them in the challenge form', async ({ page }) => {
  test.setTimeout(180_000);
  const fingerprints: Record<string, string> = {};
  for (const username of ['gov1', 'super1']) {
    const shown = await registerOpeningKey(page, username);
    expect(shown).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    fingerprints[username] = shown;
    // The key stays in this browser: a reload still finds it matching the registered one.
    await page.reload();
    await expect(page.getByTestId('opening-key-ok')).toBeVisible();
    await signOut(page);
  }
  expect(fingerprints.gov1).not.toBe(fingerprints.super1);

  await login(page, 'ent1');
  await page.goto('/enterprise/challenges/new');
  const title = `E2E 开标人共同解密 ${Date.now()}`;
  await fillChallengeUpToAwardRules(page, {
    title,
    summary: '开标人在浏览器中生成密钥',
    description: '申报由供应商浏览器加密，截止后由开标人共同开启。',
  });
  await page.getByLabel('榜单金额').fill('300');
  await page.getByLabel('资金来源').fill('发榜单位自筹');
  await chooseCustodians(page, ['刘处长', '何监督（纪检）'], 2);
  await page.getByRole('button', { name: '下一步' }).click();
  const deadline = new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  await page.getByLabel('揭榜截止时间').fill(deadline);
  await page.keyboard.press('Enter');
  const saved = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/workflow/challenges'));
  await page.getByRole('button', { name: '保存为草稿' }).click();
  const body = (await saved).postDataJSON() as { sealing: string; custodians: string[]; custodian_threshold: number };
  expect(body.sealing).toBe('custodians');
  expect(body.custodians).toHaveLength(2);
  expect(body.custodian_threshold).toBe(2);
  await expect(page).toHaveURL(/\/challenges\/[0-9a-f-]{36}$/);
  const panel = page.getByTestId('custodians-panel');
  await expect(panel).toContainText('开标人共同解密');
  await expect(panel).toContainText('2 / 2 位开标人共同开启');
  await expect(panel).toContainText('刘处长');
  await expect(panel).toContainText('何监督（纪检）');
  await expect(panel).toContainText(fingerprints.gov1!);
  await expect(panel).toContainText(fingerprints.super1!);
});
