import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { call, challengeBody, type ChallengeRead, waitForStatus } from './api';
import { openMyShares, registerOpeningKey } from './custody';
import { login, SCREENSHOTS } from './helpers';

// Issue 16's done-when: custodians register opening keys in their browsers, two vendors seal in theirs,
// the deadline passes, two of the three custodians open with one action each, and the experts score the
// decrypted applications. A custodian's key lives in its browser's IndexedDB, so each custodian keeps one
// browser context for the whole walk, as a person keeps one browser.
const CUSTODIANS = ['gov1', 'gov2', 'super1'] as const;
const VENDORS = [
  { user: 'vendor1', plan: `方案甲：多光谱样机 ${Date.now()}`, doc: '方案甲.txt', text: '甲单位技术方案正文' },
  { user: 'vendor2', plan: `方案乙：边缘推理盒 ${Date.now()}`, doc: '方案乙.txt', text: '乙单位技术方案正文' },
];

const contexts = new Map<string, BrowserContext>();
/** The user's one browser for the walk, signed in on first use (`signedIn: false`: the caller signs in). */
async function pageOf(browser: Browser, user: string, signedIn = true): Promise<Page> {
  let context = contexts.get(user);
  if (!context) {
    context = await browser.newContext();
    contexts.set(user, context);
    const page = await context.newPage();
    if (signedIn) await login(page, user);
  }
  return context.pages()[0] ?? context.newPage();
}

test.describe.serial('custodian sealing, end to end', () => {
  let id = '';
  const appIds: Record<string, string> = {};

  test.afterAll(async () => {
    for (const context of contexts.values()) await context.close();
  });

  test('three custodians make and register an opening key in their browsers', async ({ browser }) => {
    test.setTimeout(180_000);
    for (const user of CUSTODIANS) {
      const fingerprint = await registerOpeningKey(await pageOf(browser, user, false), user);
      expect(fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    }
  });

  test('the owner names them with k = 2 and the reviewer approves, seeing the custodians', async ({ browser, request }) => {
    const ids = await Promise.all(
      CUSTODIANS.map(async (u) => (await call<{ user: { id: string } }>(request, 'GET', '/api/auth/me', u)).user.id),
    );
    const body = {
      ...challengeBody(`E2E 开标人密封 ${Date.now()}`, Date.now() + 100_000),
      sealing: 'custodians',
      custodians: ids,
      custodian_threshold: 2,
    };
    ({ id } = await call<ChallengeRead>(request, 'POST', '/api/workflow/challenges', 'ent1', body));
    await call(request, 'POST', `/api/workflow/challenges/${id}/actions/submit`, 'ent1', {});
    const page = await pageOf(browser, 'gov1');
    await page.goto(`/gov/challenges/${id}`);
    const panel = page.getByTestId('custodians-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(/[0-9a-f]{4} [0-9a-f]{4}/);
    await page.screenshot({ path: `${SCREENSHOTS}/custodians-approval.png`, fullPage: true });
    await page.getByRole('button', { name: '审批通过' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^审批通过$/ }).click();
    await expect(dialog).toBeHidden();
    await waitForStatus(request, id, 'open', 30_000);
  });

  for (const vendor of VENDORS) {
    test(`${vendor.user} seals its application and a document in its browser`, async ({ browser }) => {
      test.setTimeout(120_000);
      const page = await pageOf(browser, vendor.user);
      await page.goto(`/vendor/apply/${id}`);
      const notice = page.getByTestId('custodian-notice');
      await expect(notice).toContainText('只有 2 位开标人共同操作才能在截止后开启');
      await expect(notice.getByTestId('custodian')).toHaveCount(3);
      await page.getByLabel('项目负责人').fill('张工');
      await page
        .getByPlaceholder(/承诺值/)
        .first()
        .fill('96');
      await page.getByLabel('实施方案').fill(vendor.plan);
      await page.getByLabel('项目预算').fill('90');
      await page.locator('input[type=file]').setInputFiles({ name: vendor.doc, mimeType: 'text/plain', buffer: Buffer.from(vendor.text) });
      await expect(page.getByText(vendor.doc)).toBeVisible();
      await page.getByText('本单位承诺所填内容真实、准确、完整').click();
      await page.getByText('本单位承诺不与其他申报单位串通').click();
      const sent = page.waitForRequest((r) => r.url().endsWith(`/challenges/${id}/applications/sealed`) && r.method() === 'POST');
      await page.getByRole('button', { name: '提交申报' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '提交申报' }).click();
      // What left the browser is an envelope: neither the plan nor the document's text is in it.
      const posted = (await sent).postData() ?? '';
      expect(posted).toContain('shigu-sealed/1');
      expect(posted).not.toContain(vendor.plan);
      expect(posted).not.toContain(Buffer.from(vendor.text).toString('base64'));
      const receipt = page.getByTestId('receipt');
      await expect(receipt).toBeVisible();
      appIds[vendor.user] = /\/vendor\/receipts\/([^/?]+)/.exec(page.url())?.[1] ?? '';
      expect(appIds[vendor.user]).not.toBe('');
    });
  }

  test('vendor1 replaces its application from the draft its browser kept', async ({ browser }) => {
    const page = await pageOf(browser, 'vendor1');
    await page.goto(`/vendor/apply/${id}?replace=${appIds.vendor1}`);
    await expect(page.getByLabel('实施方案')).toHaveValue(VENDORS[0]!.plan);
    await expect(page.getByText(VENDORS[0]!.doc)).toBeVisible();
    const sent = page.waitForResponse((r) => r.url().endsWith(`/applications/${appIds.vendor1}/sealed`) && r.request().method() === 'PUT');
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交申报' }).click();
    expect((await sent).status()).toBe(200);
    await expect(page.getByTestId('receipt')).toBeVisible();
    // Another browser of the same vendor has no draft: it is told where the content stays.
    const elsewhere = await browser.newContext();
    const other = await elsewhere.newPage();
    await login(other, 'vendor1');
    await other.goto(`/vendor/apply/${id}?replace=${appIds.vendor1}`);
    await expect(other.getByTestId('draft-elsewhere')).toContainText('只保存在密封它的浏览器中');
    await expect(other.getByLabel('实施方案')).toHaveValue('');
    await elsewhere.close();
  });

  test('after the deadline two of the three custodians open it, one action each', async ({ browser, request }) => {
    test.setTimeout(300_000);
    await waitForStatus(request, id, 'opening', 200_000);
    // The first custodian's action leaves it sealed (1 of k = 2); the second's opens it in that request.
    const first = await openMyShares(await pageOf(browser, 'gov1'), id);
    expect(first).toContain('仍在等待其他开标人');
    expect((await call<{ state: string }>(request, 'GET', `/api/workflow/challenges/${id}/opening`, 'gov1')).state).toBe(
      'awaiting_custodians',
    );
    const second = await pageOf(browser, 'super1');
    expect(await openMyShares(second, id)).toContain('申报已开启');
    await second.screenshot({ path: `${SCREENSHOTS}/custodians-opened.png`, fullPage: true });
    const status = await call<{ state: string; failures: unknown[] }>(request, 'GET', `/api/workflow/challenges/${id}/opening`, 'gov1');
    expect(status.state).toBe('opened');
    expect(status.failures).toEqual([]);
    await waitForStatus(request, id, 'qualification', 30_000);
  });

  test('an expert scores a decrypted application, its content and document in view', async ({ browser, request }) => {
    test.setTimeout(120_000);
    for (const appId of Object.values(appIds)) {
      await call(request, 'POST', `/api/workflow/applications/${appId}/qualification`, 'gov1', { result: 'eligible' });
    }
    await call(request, 'POST', `/api/workflow/challenges/${id}/actions/start_review`, 'gov1', {});
    const directory = await call<{ id: string; username: string }[]>(request, 'GET', '/api/directory/experts', 'gov1');
    const experts = directory.filter((e) => ['expert1', 'expert2'].includes(e.username)).map((e) => e.id);
    await call(request, 'POST', `/api/workflow/challenges/${id}/experts`, 'gov1', { user_ids: experts });
    await call(request, 'POST', `/api/workflow/challenges/${id}/coi`, 'expert1', { conflicts: [] });
    const mine = await call<{ id: string; challenge_id: string; application_id: string }[]>(
      request,
      'GET',
      '/api/workflow/assignments',
      'expert1',
    );
    const page = await pageOf(browser, 'expert1');
    for (const vendor of VENDORS) {
      const assignment = mine.find((a) => a.challenge_id === id && a.application_id === appIds[vendor.user]);
      expect(assignment, `an assignment for ${vendor.user}`).toBeDefined();
      await page.goto(`/expert/assignments/${assignment?.id}`);
      const dossier = page.getByTestId('application-dossier');
      await expect(dossier.getByTestId('dossier-plan')).toHaveText(vendor.plan);
      await expect(dossier.getByTestId('dossier-documents')).toContainText(vendor.doc);
      const form = page.getByRole('spinbutton', { name: '技术方案 得分' });
      await form.fill('85');
      await expect(page.getByRole('button', { name: '提交评分' })).toBeEnabled();
      await form.press('Enter');
      await expect(page).toHaveURL(/\/expert$/);
    }
  });
});
