import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithApp } from '@/testing/test-utils';
import { DemandForm } from './demand-form';

const item = (code: string) => ({ code, label_zh: code });
const LISTS = {
  demand_types: ['应用场景', '技术攻关'].map(item),
  seven_ends: ['数字安防', '工业视觉'].map(item),
  scenario_domains: ['城市治理', '交通'].map(item),
  districts: ['滨江区', '建德市'].map(item),
  cooperation_modes: ['联合研发', '采购'].map(item),
};

// The form's options come from the matching service's code lists.
beforeEach(() =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse(LISTS)),
  ),
);
afterEach(() => vi.unstubAllGlobals());

async function fillRequired() {
  await userEvent.type(screen.getByLabelText('需求名称'), '智慧工地安全帽识别');
  await userEvent.type(screen.getByLabelText('需求背景'), '识别未佩戴安全帽的人员');
  for (const [label, option] of [
    ['需求类型', '技术攻关'],
    ['七端领域', '数字安防'],
    ['应用场景', '城市治理'],
    ['所在区县', '滨江区'],
  ] as const) {
    fireEvent.mouseDown(screen.getByRole('combobox', { name: label }));
    fireEvent.click(await screen.findByTitle(option));
  }
  fireEvent.mouseDown(screen.getByLabelText('有效期至'));
  fireEvent.change(screen.getByLabelText('有效期至'), { target: { value: '2030-06-30' } });
  fireEvent.keyDown(screen.getByLabelText('有效期至'), { key: 'Enter', code: 'Enter' });
  await userEvent.type(screen.getByLabelText('联系人'), '王敏');
  await userEvent.type(screen.getByLabelText('联系电话'), '0571-88886666');
}

describe('DemandForm', () => {
  it('warns that similar items exist and posts only after confirmation', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    const findSimilar = vi
      .fn()
      .mockResolvedValue([{ id: 'd9', kind: 'demand', title: '工地安全帽佩戴识别', similarity: 0.82, status: 'published' }]);
    renderWithApp(<DemandForm onSubmit={onSubmit} findSimilar={findSimilar} />);
    await fillRequired();
    expect(await screen.findByTestId('similar-warning')).toHaveTextContent('工地安全帽佩戴识别');
    expect(screen.getByTestId('similar-warning')).toHaveTextContent('相似度 82%');
    expect(findSimilar).toHaveBeenLastCalledWith('智慧工地安全帽识别', '识别未佩戴安全帽的人员');

    await userEvent.click(screen.getByRole('button', { name: /提交审核/ }));
    expect(await screen.findByText('平台上已有 1 条相似的已发布需求，仍要继续提交吗？')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: '仍然提交' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]?.[0]).toMatchObject({
      title: '智慧工地安全帽识别',
      demand_type: '技术攻关',
      end_tags: ['数字安防'],
      scenario_domain: '城市治理',
      district: '滨江区',
      valid_until: '2030-06-30',
      contact_name: '王敏',
      contact_phone: '0571-88886666',
      cooperation_mode: '联合研发',
    });
  });

  it('posts straight away when nothing similar exists, and checks the budget order', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderWithApp(<DemandForm onSubmit={onSubmit} findSimilar={vi.fn().mockResolvedValue([])} />);
    await fillRequired();
    fireEvent.change(screen.getByLabelText('预算下限'), { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText('预算上限'), { target: { value: '100' } });
    await userEvent.click(screen.getByRole('button', { name: /提交审核/ }));
    expect(await screen.findByText('预算上限不能低于下限')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('预算上限'), { target: { value: '900' } });
    await userEvent.click(screen.getByRole('button', { name: /提交审核/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  });
});
