import { expect, test, type Locator, type Page } from '@playwright/test';
import { applicationBody, call, openChallenge } from './api';
import { login, SCREENSHOTS } from './helpers';

// Issue 12, item 8: a 390 × 844 phone reaches everything without sideways scrolling — the public pages,
// the challenge page, search and the vendor's application pages (vendors read and apply on their phones).
const PHONE = { width: 390, height: 844 };

async function openChallengeId(page: Page): Promise<string> {
  const body = (await (await page.request.get('/api/workflow/challenges?status=open&limit=1')).json()) as { items: { id: string }[] };
  expect(body.items.length).toBeGreaterThan(0);
  return body.items[0]!.id;
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width, `scroll width of ${page.url()}`).toBeLessThanOrEqual(PHONE.width);
}

/** Shown, and inside the screen's width: readable without scrolling sideways or zooming out. */
async function expectWithinWidth(locator: Locator): Promise<void> {
  await expect(locator).toBeVisible();
  // Read again when the element was drawn anew between the two reads (a page whose data refetches).
  await expect(async () => {
    const box = await locator.boundingBox();
    expect(box, `the box of ${locator.toString()}`).not.toBeNull();
    expect(box!.x, `left edge of ${locator.toString()}`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `right edge of ${locator.toString()}`).toBeLessThanOrEqual(PHONE.width);
  }).toPass({ timeout: 10_000 });
}

/** Signs in at the desktop width (the user menu folds away on a phone), then turns into a phone. */
async function loginOnPhone(page: Page, user: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 860 });
  await login(page, user);
  await page.setViewportSize(PHONE);
}

test.use({ viewport: PHONE });

test('注册 is reachable from the folded header menu', async ({ page }) => {
  await page.goto('/');
  const register = page.getByRole('button', { name: /注\s*册/ });
  await expect(register).toBeHidden();
  await page.getByRole('button', { name: '菜单' }).click();
  await expect(register).toBeInViewport();
  await register.click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.locator('#app-menu')).toBeHidden();
  await expectNoSidewaysScroll(page);
});

test('the first search result shows in the first screenful; facets wait behind 筛选', async ({ page }) => {
  await page.goto('/search?q=视觉');
  await expect(page.getByTestId('search-hit').first()).toBeInViewport();
  await expectWithinWidth(page.getByTestId('search-hit').first());
  await expect(page.locator('[data-facet]').first()).toBeHidden();
  await page.getByTestId('open-filters').click();
  await expect(page.locator('.ant-drawer [data-facet]').first()).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('the challenge page fits the width, its title on screen', async ({ page }) => {
  await page.goto(`/challenges/${await openChallengeId(page)}`);
  await expectWithinWidth(page.getByRole('heading').first());
  await expectNoSidewaysScroll(page);
});

test('the public pages fit the width: home, dashboard, a demand, a provider, receipt check, audit trail', async ({ page }) => {
  const demands = (await (await page.request.get('/api/matching/demands?limit=1')).json()) as { id: string }[];
  const providers = (await (await page.request.get('/api/matching/providers?limit=1')).json()) as { items: { id: string }[] };
  const challenge = await openChallengeId(page);
  const key = (page: Page) => page.getByRole('heading').first();
  const submit = (name: RegExp) => (page: Page) => page.locator('form').getByRole('button', { name });
  for (const [path, shown] of [
    ['/', key],
    ['/dashboard', key],
    [`/demands/${demands[0]!.id}`, key],
    [`/providers/${providers.items[0]!.id}`, key],
    ['/receipts/verify', key],
    [`/challenges/${challenge}/audit`, key],
    ['/login', submit(/登\s*录/)],
    ['/register', submit(/注\s*册/)],
  ] as const) {
    await page.goto(path);
    await expect(shown(page), `the key content of ${path}`).toBeVisible();
    await expectWithinWidth(shown(page));
    await expectNoSidewaysScroll(page);
  }
});

test("the vendor's application pages fit the width: the form, the receipt, the list of applications", async ({ page }) => {
  test.setTimeout(120_000);
  const title = `E2E 手机申报 ${Date.now()}`;
  const id = await openChallenge(page.request, title, Date.now() + 20 * 60_000);
  await loginOnPhone(page, 'vendor1');

  await page.goto(`/vendor/apply/${id}`);
  await expectWithinWidth(page.getByRole('heading', { name: new RegExp(title) }));
  const leader = page.getByLabel('项目负责人');
  const committed = page.getByPlaceholder(/承诺值/).first();
  const budget = page.getByLabel('项目预算');
  for (const field of [leader, committed, page.getByLabel('实施方案'), budget, page.getByRole('button', { name: '提交申报' })]) {
    await expectWithinWidth(field);
  }
  // The committed value gets a whole line: at least half the screen, so that a number and its unit fit.
  expect((await committed.boundingBox())!.width).toBeGreaterThan(PHONE.width / 2);
  await expectNoSidewaysScroll(page);
  await leader.fill('张工');
  await committed.fill('96');
  await page.getByLabel('实施方案').fill('采用多尺度检测网络，分三阶段交付。');
  await budget.fill('90');
  await page.getByText('本单位承诺所填内容真实、准确、完整').click();
  await page.getByText('本单位承诺不与其他申报单位串通').click();
  await page.getByRole('button', { name: '提交申报' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交申报' }).click();

  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText(title);
  await expectWithinWidth(receipt.getByRole('button', { name: /下载 PDF 回执/ }));
  await expectWithinWidth(receipt.getByText(/^SG\d{8}-/).first());
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-receipt.png`, fullPage: true });

  // A second application with a document, so that the receipt's document table is checked as well.
  const other = await openChallenge(page.request, `${title} 附件`, Date.now() + 20 * 60_000);
  const withDoc = await call<{ id: string }>(page.request, 'POST', `/api/workflow/challenges/${other}/applications`, 'vendor1', {
    ...applicationBody('视谷智能科技'),
    documents: [
      {
        name: '技术方案说明书（第二版）.pdf',
        content_type: 'application/pdf',
        content_base64: Buffer.from('%PDF-1.4 phone').toString('base64'),
      },
    ],
  });
  await page.goto(`/vendor/receipts/${withDoc.id}`);
  await expectWithinWidth(page.getByTestId('receipt-documents').getByText('技术方案说明书（第二版）.pdf'));
  await expectNoSidewaysScroll(page);

  await page.goto('/vendor');
  await page.getByRole('tab', { name: '我的申报' }).click();
  const mine = page.getByTestId('my-application').filter({ hasText: title }).first();
  await expectWithinWidth(mine.getByRole('link', { name: title }));
  await expectWithinWidth(mine.getByRole('button', { name: /替\s*换/ }));
  await expectWithinWidth(mine.getByRole('button', { name: /撤\s*回/ }));
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-my-applications.png`, fullPage: true });
});
