import { expect, test, type Page } from '@playwright/test';
import { call } from './api';
import { login, SCREENSHOTS } from './helpers';

// The working-day calendar as operated data: a reviewer about to start a 公示 is warned that its end is an
// estimate while a year it counts is unconfirmed; the admin enters 2027's arrangement on the year view,
// imports it (a bad file is refused row by row), confirms it; once every year counted is confirmed the
// reviewer sees a plain end.
test.describe('the working-day calendar', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(120_000);

  // A demonstration arrangement (the e2e platform starts with no year confirmed).
  const GOOD_2027 = [
    'date,kind,name',
    '2027-01-01,holiday,元旦',
    ...[6, 7, 8, 9, 10, 11, 12, 13].map((d) => `2027-02-${String(d).padStart(2, '0')},holiday,春节`),
    '2027-02-20,workday,春节调休上班',
  ].join('\n');
  const BAD_2027 = ['日期,类型,名称', '2027-01-01,holiday,元旦', '2027-13-01,holiday,春节', '2027-02-08,班,调休'].join('\n');
  let challengeId = '';

  async function reviewerPage(page: Page) {
    await login(page, 'gov2');
    await page.goto(`/gov/challenges/${challengeId}`);
    await page.waitForLoadState('networkidle');
  }

  test('a reviewer about to start the 公示 sees the provisional warning and the estimated end', async ({ page, request }) => {
    const listed = await call<{ items: { id: string }[] }>(request, 'GET', '/api/workflow/challenges?status=award_approval', 'gov2');
    expect(listed.items.length).toBeGreaterThan(0);
    for (const item of listed.items) {
      const c = await call<{ allowed_actions: string[] }>(request, 'GET', `/api/workflow/challenges/${item.id}`, 'gov2');
      if (c.allowed_actions.includes('approve_award')) challengeId = item.id;
    }
    expect(challengeId, 'a seeded challenge gov2 may approve').not.toBe('');
    await reviewerPage(page);
    const warning = page.getByTestId('publicity-provisional-warning');
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('预计截止');
    await expect(warning).toContainText('暂定');
    await expect(warning).toContainText('尚未确认');
    await page.screenshot({ path: `${SCREENSHOTS}/calendar-reviewer-provisional.png`, fullPage: true });
  });

  test('the admin enters, imports and confirms 2027 on the year view', async ({ page }) => {
    await login(page, 'admin');
    await page.goto('/admin');
    await page.getByTestId('admin-calendar').click();
    await expect(page).toHaveURL(/\/admin\/calendar/);
    await page.goto('/admin/calendar?year=2027');
    await page.waitForLoadState('networkidle');
    for (const m of [1, 6, 12]) await expect(page.getByTestId(`calendar-month-${m}`)).toBeVisible();
    await expect(page.getByTestId('calendar-status')).toHaveText('未确认');
    await expect(page.getByTestId('calendar-day-2027-01-02')).toHaveAttribute('data-mark', 'weekend');

    await page.getByTestId('calendar-source-title').fill('国务院办公厅关于2027年部分节假日安排的通知（演示）');
    await page.getByTestId('calendar-source-date').click();
    await page.getByTestId('calendar-source-date').fill('2026-11-05');
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-source-save').click();
    await expect(page.getByTestId('calendar-status')).toHaveText('草稿');
    await expect(page.getByTestId('calendar-source')).toContainText('2026-11-05');

    const upload = page.locator('input[type=file]');
    await upload.setInputFiles({ name: 'bad-2027.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_2027) });
    const errors = page.getByTestId('calendar-import-errors');
    await expect(errors).toBeVisible();
    await expect(errors).toContainText('date');
    await expect(errors.locator('tbody tr')).toHaveCount(2); // rows 3 and 4; row 2 was fine
    await expect(page.getByTestId('calendar-day-2027-01-01')).toHaveAttribute('data-mark', 'workday'); // nothing written

    await upload.setInputFiles({ name: '2027.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_2027) });
    await expect(page.getByTestId('calendar-day-2027-01-01')).toHaveAttribute('data-mark', 'holiday');
    await expect(page.getByTestId('calendar-day-2027-02-20')).toHaveAttribute('data-mark', 'makeup');
    await expect(page.getByTestId('calendar-import-errors')).toBeHidden();

    // One day entered by hand: Sunday 14 Feb made a 调休 working day.
    await page.getByTestId('calendar-day-2027-02-14').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('调休上班').click();
    await dialog.getByTestId('calendar-day-note').fill('春节调休上班（手工录入）');
    await dialog.getByTestId('calendar-day-save').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('calendar-day-2027-02-14')).toHaveAttribute('data-mark', 'makeup');
    await expect(page.getByTestId('calendar-day-2027-02-14')).toHaveAttribute('aria-label', /手工录入/);
    await page.screenshot({ path: `${SCREENSHOTS}/calendar-2027-draft.png`, fullPage: true });

    await page.getByTestId('calendar-confirm').click();
    await page.getByTestId('calendar-confirm-ok').click();
    await expect(page.getByTestId('calendar-confirmed')).toBeVisible();
    await expect(page.getByTestId('calendar-status')).toHaveText('已确认');
    await expect(page.getByTestId('calendar-source')).toContainText('国务院办公厅关于2027年部分节假日安排的通知（演示）');
    await expect(page.getByTestId('calendar-confirm')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/calendar-2027-confirmed.png`, fullPage: true });
  });

  test('with every counted year confirmed the reviewer sees a plain end', async ({ page, request }) => {
    // This year from the library's draft, confirmed against its notice (as an operator would after checking it).
    const year = new Date().getFullYear();
    if (year !== 2027) {
      await call(request, 'POST', `/api/workflow/calendar/years/${year}/prefill`, 'admin', {});
      await call(request, 'PUT', `/api/workflow/calendar/years/${year}`, 'admin', {
        source_title: `国务院办公厅关于${year}年部分节假日安排的通知`,
        source_date: `${year - 1}-11-04`,
      });
      await call(request, 'POST', `/api/workflow/calendar/years/${year}/confirm`, 'admin', {});
    }
    await reviewerPage(page);
    await expect(page.getByTestId('publicity-end-preview')).toBeVisible();
    await expect(page.getByTestId('publicity-provisional-warning')).toHaveCount(0);
  });
});
