import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { call } from './api';
import { login } from './helpers';

// Issue 12 item 5, issue 19 items 5 and 8: the import template, every problem of a row in Chinese,
// the check report and the list exports, all as spreadsheets an office opens in Excel.
const HEADER = '编号,需求名称,需求类型,应用场景,七端,发布单位,单位类型,所在区县,联系电话,有效期至';

async function saved(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { download, bytes: await readFile(path) };
}

test('template, every row error in Chinese, the report and the exports download', async ({ page, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const code = `E2E-${stamp}`;
  await call(request, 'POST', '/api/matching/batches', 'admin', { code, name: `表格测试批次 ${stamp}` });
  const csv = [
    HEADER,
    `S${stamp}-1,地铁站客流视觉分析,应用场景,交通,数字安防,杭州市地铁集团,国有企业,滨江区,0571-88886666,2027-06-30`,
    `S${stamp}-2,,应用场景,交通,数字安防,杭州市地铁集团,国有企业,西湖,call me,2027-06-30`,
  ].join('\n');

  await login(page, 'admin');
  await page.goto('/admin');
  await page.getByRole('tab', { name: '机会清单批次' }).click();

  const template = await saved(page, () => page.getByTestId('batch-template').click());
  expect(template.download.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(template.bytes.subarray(0, 2).toString()).toBe('PK');

  const row = page.getByRole('row').filter({ hasText: code });
  await row
    .locator('input[type=file]')
    .first()
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const errors = page.getByRole('row').filter({ hasText: '有误' }).getByTestId('import-error');
  await expect(errors).toHaveText(['需求名称“需求名称”为必填项', '所在区县“所在区县”的取值不在代码表中', '联系电话“联系电话”的格式不正确']);
  await expect(page.getByText(/Value error|must be one of/)).toHaveCount(0);

  const report = await saved(page, () => page.getByTestId('download-report').click());
  expect(report.download.suggestedFilename()).toBe('import-report.xlsx');
  expect(report.bytes.subarray(0, 2).toString()).toBe('PK');

  const demands = await saved(page, () => page.getByTestId('export-demands').click());
  expect(demands.download.suggestedFilename()).toBe('demands.xlsx');
  expect(demands.bytes.subarray(0, 2).toString()).toBe('PK');

  await login(page, 'gov1');
  await page.goto('/gov');
  const challenges = await saved(page, () => page.getByTestId('export-challenges').click());
  expect(challenges.download.suggestedFilename()).toBe('challenges.xlsx');
  expect(challenges.bytes.length).toBeGreaterThan(1000);
});
