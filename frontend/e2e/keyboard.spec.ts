import { expect, test, type Locator, type Page } from '@playwright/test';
import { apply, call, openChallenge, waitForStatus } from './api';
import { PASSWORD } from './helpers';

// Issue 12, item 8: every form is usable by keyboard alone — Tab and Shift+Tab to move, typing, Space
// for a checkbox, arrows and Enter in a Select, Enter on a button — and the focused control shows it.

/** Presses Tab (or Shift+Tab) until `target` holds the focus, then checks the focus can be seen. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) {
      await expectVisibleFocus(page, target);
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} never reached ${target.toString()}`);
}

/** The focused element, or the antd wrapper drawn around it, shows an outline, a focus shadow or a
 *  border that it does not show once the focus leaves it. */
async function expectVisibleFocus(page: Page, target: Locator): Promise<void> {
  const ring = await page.evaluate(async () => {
    const focused = document.activeElement as HTMLElement;
    const look = () => {
      const seen: string[] = [];
      let el: HTMLElement | null = focused;
      for (let depth = 0; el && depth < 5; depth += 1, el = el.parentElement) {
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? `${s.outlineWidth} ${s.outlineColor}` : '';
        seen.push(`${outline}|${s.boxShadow}|${s.borderColor}`);
      }
      return seen.join(' / ');
    };
    // A control whose focus class React sets (antd's Select) is redrawn on the next frames, and antd
    // eases borders and shadows over 0.2 s: the look without the focus is read once both are done.
    const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 400))));
    const withFocus = look();
    focused.blur();
    await frames();
    const without = look();
    focused.focus();
    return withFocus === without ? null : withFocus;
  });
  expect(ring, `a visible focus indicator on ${target.toString()}`).not.toBeNull();
}

async function keyboardLogin(page: Page, user: string): Promise<void> {
  await page.goto('/login');
  await tabTo(page, page.getByLabel('用户名'));
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('密码', { exact: true })).toBeFocused();
  await expectVisibleFocus(page, page.getByLabel('密码', { exact: true }));
  await page.keyboard.type(PASSWORD);
  // Back to the user name and forward again: Shift+Tab walks the same order backwards.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByLabel('用户名')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.waitForLoadState('networkidle');
}

/** Opens the focused Select with the arrow key, moves to the `n`th option and takes it with Enter. */
async function pickWithArrows(page: Page, select: Locator, n = 0): Promise<string> {
  await tabTo(page, select);
  await page.keyboard.press('ArrowDown');
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await expect(dropdown).toBeVisible();
  for (let i = 0; i < n; i += 1) await page.keyboard.press('ArrowDown');
  const active = (await dropdown.locator('.ant-select-item-option-active').getAttribute('title')) ?? '';
  await page.keyboard.press('Enter');
  if (await dropdown.isVisible()) await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  return active;
}

test('signing in takes the keyboard alone', async ({ page }) => {
  await keyboardLogin(page, 'ent1');
  await expect(page).toHaveURL(/\/enterprise/);
});

test('an enterprise posts a demand with the keyboard alone', async ({ page }) => {
  test.setTimeout(180_000);
  await keyboardLogin(page, 'ent1');
  await page.goto('/enterprise/demands/new');
  const title = `E2E 键盘填报 ${Date.now()}`;
  await tabTo(page, page.getByLabel('需求名称'));
  await page.keyboard.type(title);
  await tabTo(page, page.getByLabel('需求背景'));
  await page.keyboard.type('园区夜间周界需要识别翻越与徘徊行为。');
  const type = await pickWithArrows(page, page.getByLabel('需求类型'));
  const end = await pickWithArrows(page, page.getByLabel('七端领域'), 1);
  const domain = await pickWithArrows(page, page.getByLabel('应用场景'));
  const district = await pickWithArrows(page, page.getByLabel('所在区县'), 2);
  await tabTo(page, page.getByLabel('预算下限'));
  await page.keyboard.type('100');
  await tabTo(page, page.getByLabel('预算上限'));
  await page.keyboard.type('300');
  await tabTo(page, page.getByLabel('有效期至'));
  await page.keyboard.type('2027-06-30');
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('联系人'));
  await page.keyboard.type('王敏');
  await tabTo(page, page.getByLabel('联系电话'));
  await page.keyboard.type('0571-88886666');
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/matching/demands'));
  await tabTo(page, page.getByRole('button', { name: '提交审核' }));
  await page.keyboard.press('Enter');
  // A near-duplicate warning may ask once more; its button is reached by Tab as well.
  const again = page.getByRole('dialog').getByRole('button', { name: '仍然提交' });
  const asked = await Promise.race([posted.then(() => false), again.waitFor({ state: 'visible' }).then(() => true)]);
  if (asked) {
    await tabTo(page, again);
    await page.keyboard.press('Enter');
  }
  const request = await posted;
  expect(request.postDataJSON()).toMatchObject({
    title,
    demand_type: type,
    end_tags: [end],
    scenario_domain: domain,
    district,
    budget_min: 100,
    budget_max: 300,
    valid_until: '2027-06-30',
    contact_name: '王敏',
    contact_phone: '0571-88886666',
  });
  expect((await request.response())?.status()).toBe(201);
});

test('a vendor applies with the keyboard alone, declarations ticked with Space', async ({ page }) => {
  test.setTimeout(180_000);
  const title = `E2E 键盘申报 ${Date.now()}`;
  const id = await openChallenge(page.request, title, Date.now() + 20 * 60_000);
  await keyboardLogin(page, 'vendor1');
  await page.goto(`/vendor/apply/${id}`);
  await tabTo(page, page.getByLabel('项目负责人'));
  await page.keyboard.type('张工');
  await tabTo(page, page.getByPlaceholder(/承诺值/).first());
  await page.keyboard.type('96');
  await tabTo(page, page.getByLabel('实施方案'));
  await page.keyboard.type('采用多尺度检测网络，分三阶段交付。');
  await tabTo(page, page.getByLabel('项目预算'));
  await page.keyboard.type('90');
  for (const text of ['本单位承诺所填内容真实、准确、完整', '本单位承诺不与其他申报单位串通']) {
    const box = page.getByRole('checkbox', { name: text });
    await tabTo(page, box);
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  await tabTo(page, page.getByRole('button', { name: '提交申报' }));
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog').getByRole('button', { name: '提交申报' });
  await tabTo(page, confirm);
  await page.keyboard.press('Enter');
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText(title);
  await expect(receipt).toContainText(/SG\d{8}-/);
});

test('a vendor asks a question on the challenge page with the keyboard alone', async ({ page }) => {
  const title = `E2E 键盘提问 ${Date.now()}`;
  const id = await openChallenge(page.request, title, Date.now() + 20 * 60_000);
  await keyboardLogin(page, 'vendor1');
  await page.goto(`/challenges/${id}`);
  // The tab list is one stop in the Tab order (the selected tab); the arrow keys move along it.
  const qa = page.getByRole('tab', { name: '答疑' });
  await tabTo(page, page.getByRole('tab', { selected: true }));
  for (let i = 0; i < 8 && !(await qa.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('ArrowRight');
  await expect(qa).toBeFocused();
  await expectVisibleFocus(page, qa);
  await page.keyboard.press('Enter');
  await expect(qa).toHaveAttribute('aria-selected', 'true');
  const question = `键盘提问：验收数据集是否公开？${Date.now()}`;
  const box = page.getByTestId('qa-question');
  await tabTo(page, box);
  await page.keyboard.type(question);
  await tabTo(page, page.getByRole('button', { name: /提\s*问/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(question)).toBeVisible();
});

test('an expert declares no conflict and scores with the keyboard alone', async ({ page }) => {
  test.setTimeout(180_000);
  const deadline = Date.now() + 15_000;
  const id = await openChallenge(page.request, `E2E 键盘评分 ${Date.now()}`, deadline);
  await apply(page.request, id, 'vendor1', '杭州澄光视觉科技有限公司');
  await waitForStatus(page.request, id, 'qualification', deadline - Date.now() + 60_000);
  for (const app of await call<{ id: string }[]>(page.request, 'GET', `/api/workflow/challenges/${id}/applications`, 'gov1')) {
    await call(page.request, 'POST', `/api/workflow/applications/${app.id}/qualification`, 'gov1', { result: 'eligible' });
  }
  await call(page.request, 'POST', `/api/workflow/challenges/${id}/actions/start_review`, 'gov1', {});
  const directory = await call<{ id: string; username: string }[]>(page.request, 'GET', '/api/directory/experts', 'gov1');
  const experts = directory.filter((e) => ['expert1', 'expert2'].includes(e.username)).map((e) => e.id);
  await call(page.request, 'POST', `/api/workflow/challenges/${id}/experts`, 'gov1', { user_ids: experts });
  const mine = await call<{ id: string; challenge_id: string }[]>(page.request, 'GET', '/api/workflow/assignments', 'expert1');
  const assignment = mine.find((a) => a.challenge_id === id);
  expect(assignment).toBeDefined();

  await keyboardLogin(page, 'expert1');
  await page.goto(`/expert/assignments/${assignment?.id}`);
  // The conflict-of-interest declaration first: no conflict, the promise ticked with Space, signed with Enter.
  const promise = page.getByRole('checkbox', { name: '本人承诺以上声明真实完整' });
  await tabTo(page, promise);
  await page.keyboard.press('Space');
  await expect(promise).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: /签署声明/ }));
  await page.keyboard.press('Enter');
  // Then the score beside the dossier, and the comment, and Enter on the submit button.
  const score = page.getByRole('spinbutton', { name: '技术方案 得分' });
  await tabTo(page, score);
  await page.keyboard.type('88');
  await tabTo(page, page.getByRole('textbox', { name: '总体评价' }));
  await page.keyboard.type('方案完整，指标可验证。');
  const sent = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes(`/assignments/${assignment?.id}/scores`));
  await tabTo(page, page.getByRole('button', { name: '提交评分' }));
  await page.keyboard.press('Enter');
  expect((await sent).postDataJSON()).toMatchObject({ scores: { tech: 88 }, comment: '方案完整，指标可验证。' });
  await expect(page).toHaveURL(/\/expert$/);
});
