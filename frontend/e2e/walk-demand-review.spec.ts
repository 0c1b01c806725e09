import { expect, test, type Browser, type Page } from '@playwright/test';
import { login } from './helpers';

// Issue 19, items 1 and 7: a scenario demand an enterprise posts goes through the reviewers' queue to
// publication, and a vendor's interest reaches the enterprise with the contact the vendor entered.

async function as(browser: Browser, user: string | null): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (user) await login(page, user);
  return page;
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

test('a demand is posted, approved from the queue, public, and an interest brings its contact to the enterprise', async ({ browser }) => {
  test.setTimeout(120_000);
  const title = `E2E 仓储叉车防撞视觉预警 ${Date.now()}`;
  const contact = '李工 13900001111 li.gong@vendor.example';

  // The enterprise posts the demand; it is not public yet and its own list shows it pending.
  const enterprise = await as(browser, 'ent1');
  await enterprise.goto('/enterprise/demands/new');
  await enterprise.getByLabel('需求名称').fill(title);
  await enterprise.getByLabel('需求背景').fill('仓库叉车与行人混行，需要在盲区给出防撞预警。');
  await choose(enterprise, '需求类型', '应用场景');
  await choose(enterprise, '七端领域', '数字安防');
  await choose(enterprise, '应用场景', '城市治理');
  await choose(enterprise, '所在区县', '滨江区');
  await enterprise.getByLabel('有效期至').click();
  await enterprise.getByLabel('有效期至').fill('2027-06-30');
  await enterprise.keyboard.press('Enter');
  await enterprise.getByLabel('联系人').fill('王敏');
  await enterprise.getByLabel('联系电话').fill('0571-88886666');
  await enterprise.getByRole('button', { name: '提交审核' }).click();
  const similar = enterprise.getByRole('dialog').getByRole('button', { name: '仍然提交' });
  if (await similar.isVisible({ timeout: 3_000 }).catch(() => false)) await similar.click();
  await expect(enterprise).toHaveURL(/\/demands\/[0-9a-f-]{36}$/);
  const demandPath = new URL(enterprise.url()).pathname;
  await expect(enterprise.getByTestId('demand-not-public')).toContainText('待审核');

  await enterprise.goto('/enterprise');
  await enterprise.getByRole('tab', { name: '我的场景需求' }).click();
  const mine = enterprise.getByTestId('my-demands').getByRole('row', { name: new RegExp(title) });
  await expect(mine).toContainText('待审核');

  const visitor = await as(browser, null);
  await visitor.goto(demandPath);
  await expect(visitor.getByText(title)).toHaveCount(0);

  // A government reviewer finds it in the queue and approves it, with an opinion.
  const reviewer = await as(browser, 'gov1');
  await reviewer.goto('/gov');
  await reviewer.getByRole('tab', { name: '场景需求审核' }).click();
  const queued = reviewer.getByTestId('demand-queue').getByRole('row', { name: new RegExp(title) });
  await expect(queued).toBeVisible();
  await queued.getByRole('button', { name: '审核通过' }).click();
  const dialog = reviewer.getByRole('dialog');
  await expect(dialog.getByTestId('decision-summary')).toContainText('将公开发布');
  await dialog.getByLabel('审核意见').fill('场景清晰，同意发布');
  await dialog.getByRole('button', { name: '审核通过' }).click();
  await expect(reviewer.getByText('已审核通过，需求已公开发布')).toBeVisible();
  await expect(queued).toHaveCount(0);

  // It is public, with its 有效期 and a masked contact instead of "—".
  await visitor.reload();
  await expect(visitor.getByRole('heading', { name: title })).toBeVisible();
  await expect(visitor.getByTestId('demand-not-public')).toHaveCount(0);
  await expect(visitor.getByText('2027-06-30')).toBeVisible();
  await expect(visitor.getByText('王* 057****6666')).toBeVisible();

  // A vendor expresses interest with its contact.
  const vendor = await as(browser, 'vendor1');
  await vendor.goto(demandPath);
  await vendor.getByLabel('简述您的解决方案与优势（10–500 字）').fill('我们有仓储场景的UWB与视觉融合防撞方案，已在三个园区落地。');
  const send = vendor.getByRole('button', { name: '提交对接意向' });
  await expect(send).toBeDisabled();
  await vendor.getByLabel('您的联系方式').fill(contact);
  await send.click();
  await expect(vendor.getByText('对接意向已提交，发布单位将与您联系')).toBeVisible();

  // The enterprise sees it published and the vendor's contact in the interest.
  await enterprise.reload();
  await enterprise.getByRole('tab', { name: '我的场景需求' }).click();
  await expect(mine).toContainText('已发布');
  await mine.locator('.ant-table-row-expand-icon').click();
  await expect(enterprise.getByRole('cell', { name: contact, exact: true })).toBeVisible();
  // And it was told, in its own words, that the demand was approved.
  await enterprise.getByRole('button', { name: '消息通知' }).click();
  await expect(enterprise.getByTestId('notification').filter({ hasText: `您的场景需求已审核通过并发布：${title}` })).toBeVisible();
});
