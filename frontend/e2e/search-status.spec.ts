import { expect, test } from '@playwright/test';
import { openChallenge, waitForStatus } from './api';

// Issue 19, item 9: every search hit shows its status, so an open challenge and a closed one no longer look
// alike in the "查看更多" list; the 状态 filter is offered only within one kind, labelled for that kind.
test('challenge hits show their status tag, and the 状态 facet appears only within one kind', async ({ page, request }) => {
  test.setTimeout(180_000);
  const word = `状态标签${Date.now()}`;
  const open = await openChallenge(request, `E2E ${word} 揭榜中`, Date.now() + 3_600_000);
  const closing = Date.now() + 8_000;
  const closed = await openChallenge(request, `E2E ${word} 流榜`, closing);
  await waitForStatus(request, closed, 'unsuccessful', closing - Date.now() + 60_000);

  const hitOf = (id: string) => page.getByTestId('search-hit').filter({ has: page.locator(`a[href="/challenges/${id}"]`) });
  await expect(async () => {
    await page.goto(`/search?kind=challenge&q=${encodeURIComponent(word)}`);
    await expect(hitOf(closed).getByTestId('hit-status')).toHaveText('流榜', { timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  await expect(hitOf(open).getByTestId('hit-status')).toHaveText('揭榜中');

  // Within challenges the 状态 facet lists their lifecycle labels; a click filters by one of them.
  const statusFacet = page.locator('[data-facet="status"]');
  await expect(statusFacet).toContainText('揭榜中');
  await expect(statusFacet).toContainText('流榜');
  await statusFacet.getByText('流榜').click();
  await expect(page).toHaveURL(/status=unsuccessful/);
  await expect(hitOf(closed)).toBeVisible();
  await expect(hitOf(open)).toHaveCount(0);

  // Over every kind there is no 状态 facet (揭榜中 and 已认证 are not one list), and switching kind drops the filter.
  await page.locator('.ant-segmented').getByText('全部', { exact: true }).click();
  await expect(page).not.toHaveURL(/status=/);
  await expect(page.getByTestId('facets')).toBeVisible();
  await expect(page.locator('[data-facet="status"]')).toHaveCount(0);

  // The home page's "查看更多" of open challenges: every hit carries a status tag.
  await page.goto('/');
  await page.getByRole('link', { name: '查看更多' }).first().click();
  await expect(page).toHaveURL(/kind=challenge/);
  const hits = page.getByTestId('search-hit');
  await expect(hits.first()).toBeVisible();
  await expect(page.getByTestId('hit-status')).toHaveCount(await hits.count());
});
