import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { openChallenge } from './api';
import { login } from './helpers';

// Issue 19, item 3: files chosen together in one dialog are each kept or refused with a reason;
// the receipt lists every sealed document; the challenge then shows that the vendor has applied.
test('several documents chosen at once are all sealed and listed on the receipt', async ({ page, request }) => {
  test.setTimeout(120_000);
  const title = `E2E 附件多选 ${Date.now()}`;
  const id = await openChallenge(request, title, Date.now() + 20 * 60_000);
  const pdf = Buffer.from('%PDF-1.4 技术方案（多选上传测试）');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  await login(page, 'vendor1');
  await page.goto(`/challenges/${id}`);
  await page.getByRole('button', { name: '我要揭榜' }).click();
  await page.getByLabel('项目负责人').fill('张工');
  await page
    .getByPlaceholder(/承诺值/)
    .first()
    .fill('96');
  await page.getByLabel('实施方案').fill('采用多尺度检测网络，分三阶段交付。');
  await page.getByLabel('项目预算').fill('90');
  // One dialog, four files: two good ones, one of a refused type, one too large.
  await page.locator('input[type=file]').setInputFiles([
    { name: '技术方案.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: '架构图.png', mimeType: 'image/png', buffer: png },
    { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
    { name: '全部数据.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 1) },
  ]);
  const kept = page.locator('.ant-upload-list-item');
  await expect(kept).toHaveCount(2);
  await expect(kept.filter({ hasText: '技术方案.pdf' })).toHaveCount(1);
  await expect(kept.filter({ hasText: '架构图.png' })).toHaveCount(1);
  const refused = page.getByTestId('refused-documents');
  await expect(refused).toContainText('“setup.exe”的文件类型不受支持');
  await expect(refused).toContainText('“全部数据.pdf”超过 10 MB');

  await page.getByText('本单位承诺所填内容真实、准确、完整').click();
  await page.getByText('本单位承诺不与其他申报单位串通').click();
  await page.getByRole('button', { name: '提交申报' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('decision-summary')).toContainText('含 2 个附件');
  await dialog.getByRole('button', { name: '提交申报' }).click();

  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText(title);
  const docs = page.getByTestId('receipt-documents');
  await expect(docs.getByRole('row').filter({ hasText: '技术方案.pdf' })).toContainText(sha(pdf));
  await expect(docs.getByRole('row').filter({ hasText: '技术方案.pdf' })).toContainText(`${pdf.length} B`);
  await expect(docs.getByRole('row').filter({ hasText: '架构图.png' })).toContainText(sha(png));
  await expect(docs.getByRole('row').filter({ hasText: '架构图.png' })).toContainText(`${png.length} B`);

  await page.goto(`/challenges/${id}`);
  await expect(page.getByTestId('applied')).toContainText('已申报');
  await expect(page.getByRole('button', { name: '我要揭榜' })).toHaveCount(0);
});
