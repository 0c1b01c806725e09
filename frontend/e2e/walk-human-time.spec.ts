import { expect, test } from '@playwright/test';
import { applicationBody, call, challengeBody, type ChallengeRead, waitForStatus } from './api';
import { login } from './helpers';

// Issue 19, item 11: in the sandbox a computed day lasts a second, which made 公示 end in seconds and left
// nobody time to object. This spec runs against a second sandbox platform started by the test command
// with WORKFLOW_HUMAN_TIME_ACCELERATION=1440 (a day of a period in which a person must act lasts a
// minute) beside WORKFLOW_TIME_ACCELERATION=86400: the machine steps stay fast, the 公示 stays open.
const HUMAN = process.env.E2E_HUMAN_BASE_URL;
if (!HUMAN) {
  throw new Error(
    'E2E_HUMAN_BASE_URL must name the sandbox platform started with WORKFLOW_HUMAN_TIME_ACCELERATION=1440 (scripts/test.sh starts it)',
  );
}
test.use({ baseURL: HUMAN });

// At the machine factor (86400) five working days are 5–9 s; at the human factor (1440) 5–9 min.
const PUBLICITY_DAYS = 5;
const OPEN_AFTER_S = 20;
const VENDOR2 = '杭州湘湖智感科技有限公司';

test.describe.serial('human-scale periods in the sandbox', () => {
  let id = '';
  let startedAt = 0;

  test('a challenge walks to 公示 at machine speed', async ({ request }) => {
    test.setTimeout(150_000);
    const deadline = Date.now() + 15_000;
    const body = { ...challengeBody(`E2E 公示时长 ${Date.now()}`, deadline), publicity_working_days: PUBLICITY_DAYS };
    ({ id } = await call<ChallengeRead>(request, 'POST', '/api/workflow/challenges', 'ent1', body));
    await call(request, 'POST', `/api/workflow/challenges/${id}/actions/submit`, 'ent1', {});
    await call(request, 'POST', `/api/workflow/challenges/${id}/actions/approve`, 'gov1', {});
    await call(request, 'POST', `/api/workflow/challenges/${id}/applications`, 'vendor1', applicationBody('杭州澄光视觉科技有限公司'));
    await call(request, 'POST', `/api/workflow/challenges/${id}/applications`, 'vendor2', applicationBody(VENDOR2));
    await waitForStatus(request, id, 'qualification', deadline - Date.now() + 60_000);

    for (const app of await call<{ id: string }[]>(request, 'GET', `/api/workflow/challenges/${id}/applications`, 'gov1')) {
      await call(request, 'POST', `/api/workflow/applications/${app.id}/qualification`, 'gov1', { result: 'eligible' });
    }
    await call(request, 'POST', `/api/workflow/challenges/${id}/actions/start_review`, 'gov1', {});
    const directory = await call<{ id: string; username: string }[]>(request, 'GET', '/api/directory/experts', 'gov1');
    const experts = ['expert1', 'expert2'];
    const ids = directory.filter((e) => experts.includes(e.username)).map((e) => e.id);
    await call(request, 'POST', `/api/workflow/challenges/${id}/experts`, 'gov1', { user_ids: ids });
    for (const [n, expert] of experts.entries()) {
      await call(request, 'POST', `/api/workflow/challenges/${id}/coi`, expert, { conflicts: [] });
      const mine = await call<{ id: string; challenge_id: string; applicant_name: string }[]>(
        request,
        'GET',
        '/api/workflow/assignments',
        expert,
      );
      for (const a of mine.filter((x) => x.challenge_id === id)) {
        const score = a.applicant_name === VENDOR2 ? 70 - n : 90 - n;
        await call(request, 'PUT', `/api/workflow/assignments/${a.id}/scores`, expert, { scores: { tech: score }, comment: '方案完整。' });
      }
    }
    await call(request, 'POST', `/api/workflow/challenges/${id}/actions/recommend`, 'gov1', { reason: '综合得分第一。' });
    await call(request, 'POST', `/api/workflow/challenges/${id}/actions/approve_award`, 'gov2', { reason: '同意推荐结果。' });
    startedAt = Date.now();
    const ch = await call<ChallengeRead & { publicity_ends_at: string }>(request, 'GET', `/api/workflow/challenges/${id}`, 'gov1');
    expect(ch.status).toBe('publicity');
    // Five working days at a minute a day: at least five minutes of real time ahead.
    expect(new Date(ch.publicity_ends_at).getTime() - startedAt).toBeGreaterThan(PUBLICITY_DAYS * 60_000 - 5_000);
  });

  test('after more real time than the whole 公示 at machine speed, a vendor can still object', async ({ page, request }) => {
    // Wall-clock time is what the setting is about: let more pass than five working days take at 86400.
    const wait = startedAt + OPEN_AFTER_S * 1_000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    await login(page, 'vendor2');
    await page.goto(`/challenges/${id}`);
    await page.getByRole('tab', { name: '公示与结果' }).click();
    const grounds = '请复核技术方案得分（沙箱公示期仍在进行）。';
    await page.getByPlaceholder(/异议事实与理由/).fill(grounds);
    await page.getByRole('button', { name: '提出异议' }).click();
    await expect(page.getByTestId('publicity')).toContainText(grounds);
    const ch = await call<ChallengeRead>(request, 'GET', `/api/workflow/challenges/${id}`, 'gov1');
    expect(ch.status).toBe('publicity');
  });
});
