import { expect, test } from '@playwright/test';
import { apply, call, openChallenge, waitForStatus, type ChallengeRead } from './api';
import { login } from './helpers';

// Issue 19, item 6: experts can be assigned only once 进入专家评审 has been pressed (the server
// refuses before), and the panel shows counts that are true before anyone has scored.
test('experts are offered only in expert review, with true counts', async ({ page, request }) => {
  test.setTimeout(150_000);
  const deadline = Date.now() + 25_000;
  const id = await openChallenge(request, `E2E 指派专家顺序 ${Date.now()}`, deadline);
  await apply(request, id, 'vendor1', '杭州澄光视觉科技有限公司');
  await apply(request, id, 'vendor3', '杭州良渚芯视半导体有限公司');
  await waitForStatus(request, id, 'qualification', deadline - Date.now() + 60_000);

  await login(page, 'gov1');
  await page.goto(`/gov/challenges/${id}`);
  await expect(page.getByRole('tab', { name: '形式审查' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '指派专家' })).toHaveAttribute('aria-disabled', 'true');

  const apps = await call<{ id: string }[]>(request, 'GET', `/api/workflow/challenges/${id}/applications`, 'gov1');
  for (const a of apps) await call(request, 'POST', `/api/workflow/applications/${a.id}/qualification`, 'gov1', { result: 'eligible' });
  const ch = await call<ChallengeRead>(request, 'GET', `/api/workflow/challenges/${id}`, 'gov1');
  await call(request, 'POST', `/api/workflow/challenges/${id}/actions/start_review`, 'gov1', {});
  expect(ch.allowed_actions).toContain('start_review');

  await page.reload();
  await page.getByRole('tab', { name: '指派专家' }).click();
  const picker = page.getByTestId('expert-picker');
  for (const expert of ['expert1', 'expert2']) {
    await picker.click();
    await page.keyboard.type(expert);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `${expert} ·` }).click();
  }
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^指\s*派$/ }).click();
  const members = page.getByTestId('panel-member');
  await expect(members).toHaveCount(2);
  for (const m of await members.all()) {
    await expect(m).toContainText('分配评审 2 份');
    await expect(m).not.toContainText('已评数');
  }
});
