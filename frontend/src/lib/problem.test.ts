import { describe, expect, it } from 'vitest';
import i18n from './i18n';
import { describeError, ProblemError, problemFromResponse } from './problem';

const t = i18n.getFixedT('zh-CN');

describe('problem+json', () => {
  it('parses a problem response and its Retry-After', async () => {
    const res = new Response(
      JSON.stringify({
        type: 'https://shigu.example/problems/illegal-action',
        title: 'Conflict',
        status: 409,
        challenge_status: 'open',
        allowed_actions: ['amend'],
      }),
      {
        status: 409,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '12' },
      },
    );
    const err = await problemFromResponse(res);
    expect(err.code).toBe('illegal-action');
    expect(err.retryAfter).toBe(12);
    expect(err.problem.allowed_actions).toEqual(['amend']);
    expect(describeError(err, t)).toBe('当前状态（揭榜中）不允许此操作');
  });

  it('explains stale versions and falls back to detail', () => {
    expect(describeError(new ProblemError({ status: 412, title: 'Precondition Failed' }), t)).toBe(
      '该内容已被他人修改，请重新加载后再操作',
    );
    expect(describeError(new ProblemError({ status: 418, detail: '茶壶' }), t)).toBe('茶壶');
    expect(describeError(new ProblemError({ status: 503 }), t)).toBe('服务暂时不可用，请稍后再试');
    expect(describeError(new TypeError('fetch failed'), t)).toBe('网络连接失败，请检查网络');
  });

  it('tells a mapped code in the chosen language only, never with the server detail', () => {
    const illegal = new ProblemError({
      type: 'https://shigu.example/problems/illegal-action',
      status: 409,
      challenge_status: 'qualification',
      detail: "'assign_experts' is only possible during expert review (now qualification)",
    });
    expect(describeError(illegal, t)).toBe('当前状态（形式审查）不允许此操作');
    const pending = new ProblemError({
      type: 'https://shigu.example/problems/organisation-pending',
      status: 403,
      detail: '机构尚待管理员审核，审核通过后即可登录。 The organisation awaits verification.',
    });
    expect(describeError(pending, t)).toBe('所属机构尚在审核中，审核通过后即可登录');
    expect(describeError(new ProblemError({ type: 'https://shigu.example/problems/conflict', status: 409, detail: 'duplicate' }), t)).toBe(
      '该操作与当前状态不符，无法完成，请刷新后查看',
    );
  });
});
