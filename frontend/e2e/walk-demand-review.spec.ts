import { expect, test, type Browser, type Page } from '@playwright/test';
import { login } from './helpers';

// Issue 19, items 1 and 7: a scenario demand an enterprise posts goes through the reviewers' queue
// (returned with a reason, revised, approved) to publication with its 有效期 and contact, and a
// vendor's interest reaches the enterprise with the contact the vendor entered.

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

async function submitDemandForm(page: Page): Promise<void> {
  await page.getByRole('button', { name: '提交审核' }).click();
  const similar = page.getByRole('dialog').getByRole('button', { name: '仍然提交' });
  // isVisible() does not wait: give the similar-demand check its time to answer with its dialog.
  if (
    await similar.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    )
  )
    await similar.click();
}

async function myDemand(page: Page, title: string) {
  await page.goto('/enterprise');
  await page.getByRole('tab', { name: '我的场景需求' }).click();
  return page.getByTestId('my-demands').getByRole('row', { name: new RegExp(title) });
}

async function queued(page: Page, title: string) {
  await page.goto('/gov');
  await page.getByRole('tab', { name: '场景需求审核' }).click();
  return page.getByTestId('demand-queue').getByRole('row', { name: new RegExp(title) });
}

test('a demand is returned with a reason, revised, approved, public with 有效期 and contact, and an interest brings the vendor’s contact', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const title = `E2E 仓储叉车防撞视觉预警 ${Date.now()}`;
  const reason = '请补充盲区范围与预算依据';

  // The enterprise posts the demand with its 有效期 and contact; its own list shows it pending.
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
  await submitDemandForm(enterprise);
  await expect(enterprise).toHaveURL(/\/demands\/[0-9a-f-]{36}$/);
  const demandPath = new URL(enterprise.url()).pathname;
  await expect(enterprise.getByTestId('demand-not-public')).toContainText('待审核');
  await expect(await myDemand(enterprise, title)).toContainText('待审核');

  const visitor = await as(browser, null);
  await visitor.goto(demandPath);
  await expect(visitor.getByText(title)).toHaveCount(0);

  // The government reviewer reads the whole demand in the queue and returns it with a reason.
  const reviewer = await as(browser, 'gov1');
  let row = await queued(reviewer, title);
  await expect(row).toBeVisible();
  await row.locator('.ant-table-row-expand-icon').click();
  const details = reviewer.getByTestId('demand-queue').getByTestId('demand-details');
  await expect(details).toContainText('仓库叉车与行人混行，需要在盲区给出防撞预警。');
  await expect(details).toContainText('2027-06-30');
  await expect(details).toContainText('王敏 0571-88886666');
  await row.getByRole('button', { name: '退回修改' }).click();
  let dialog = reviewer.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: '退回修改' })).toBeDisabled();
  await dialog.getByLabel('审核意见').fill(reason);
  await dialog.getByRole('button', { name: '退回修改' }).click();
  await expect(reviewer.getByText('已退回，发布单位将收到未通过原因')).toBeVisible();
  await expect(row).toHaveCount(0);

  // The enterprise sees 未通过 with the reason, revises it and submits it again.
  let mine = await myDemand(enterprise, title);
  await expect(mine).toContainText('未通过');
  await expect(mine).toContainText(reason);
  await mine.getByRole('link', { name: '修改后重新提交' }).click();
  await expect(enterprise.getByText(reason)).toBeVisible();
  await enterprise.getByLabel('需求背景').fill('仓库叉车与行人混行，盲区为货架转角 5 米内，预算 30–60 万元。');
  await submitDemandForm(enterprise);
  await expect(enterprise).toHaveURL(/\/enterprise$/);
  mine = await myDemand(enterprise, title);
  await expect(mine).toContainText('待审核');

  // The reviewer approves the revised demand.
  row = await queued(reviewer, title);
  await row.getByRole('button', { name: '审核通过' }).click();
  dialog = reviewer.getByRole('dialog');
  await expect(dialog.getByTestId('decision-summary')).toContainText('将公开发布');
  await dialog.getByRole('button', { name: '审核通过' }).click();
  await expect(reviewer.getByText('已审核通过，需求已公开发布')).toBeVisible();
  await expect(row).toHaveCount(0);

  // It is public, with its 有效期 and the (masked) contact instead of "—".
  await visitor.reload();
  await expect(visitor.getByRole('heading', { name: title })).toBeVisible();
  await expect(visitor.getByTestId('demand-not-public')).toHaveCount(0);
  await expect(visitor.getByText('2027-06-30')).toBeVisible();
  await expect(visitor.getByText('王* 057****6666')).toBeVisible();

  // A vendor expresses interest with its contact; its organisation and name are prefilled.
  const vendor = await as(browser, 'vendor1');
  await vendor.goto(demandPath);
  const organisation = await vendor.getByLabel('意向单位').inputValue();
  expect(organisation).not.toBe('');
  await expect(vendor.getByLabel('联系人')).not.toHaveValue('');
  await vendor.getByLabel('简述您的解决方案与优势（10–500 字）').fill('我们有仓储场景的UWB与视觉融合防撞方案，已在三个园区落地。');
  await vendor.getByLabel('联系人').fill('李工');
  await vendor.getByRole('button', { name: '提交对接意向' }).click();
  await expect(vendor.getByText('请填写联系电话或电子邮箱').first()).toBeVisible();
  await vendor.getByLabel('联系电话').fill('13900001111');
  await vendor.getByLabel('电子邮箱').fill('li.gong@vendor.example');
  await vendor.getByRole('button', { name: '提交对接意向' }).click();
  await expect(vendor.getByText('对接意向已提交，发布单位将与您联系')).toBeVisible();

  // The enterprise sees it published and the vendor's contact in the interests list.
  mine = await myDemand(enterprise, title);
  await expect(mine).toContainText('已发布');
  await mine.locator('.ant-table-row-expand-icon').click();
  const interest = enterprise.getByTestId('interests').locator('tr').filter({ hasText: organisation });
  await expect(interest).toContainText('李工');
  await expect(interest).toContainText('13900001111 / li.gong@vendor.example');
  // And it was told, in its own words, that the demand was approved.
  await enterprise.getByRole('button', { name: '消息通知' }).click();
  await expect(enterprise.getByTestId('notification').filter({ hasText: `您的场景需求已审核通过并发布：${title}` })).toBeVisible();
});
