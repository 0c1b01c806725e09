import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '@/testing/test-utils';
import { ScoreForm, weightedTotal } from './score-form';

const criteria = [
  { id: 'c1', name: '技术先进性', weight: 60, min_score: 0, max_score: 100 },
  { id: 'c2', name: '实施能力', weight: 40, min_score: 0, max_score: 50 },
];

describe('ScoreForm', () => {
  it('computes the weighted total the way the server does', () => {
    expect(weightedTotal(criteria, { c1: 100, c2: 25 })).toBeCloseTo(80);
    expect(weightedTotal([{ id: 'x', name: 'x', weight: 100, min_score: 50, max_score: 100 }], { x: 75 })).toBeCloseTo(50);
  });

  it('refuses scores out of range and a low total without a comment', async () => {
    const onSubmit = vi.fn();
    renderWithApp(<ScoreForm criteria={criteria} commentRequiredBelow={60} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByRole('spinbutton', { name: '技术先进性 得分' }), { target: { value: '120' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: '实施能力 得分' }), { target: { value: '10' } });
    await userEvent.click(screen.getByRole('button', { name: /提交评分/ }));
    expect(await screen.findByText('得分须在 0 到 100 之间')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(screen.getByRole('spinbutton', { name: '技术先进性 得分' }), { target: { value: '40' } });
    await userEvent.click(screen.getByRole('button', { name: /提交评分/ }));
    expect(await screen.findByText('加权得分低于 60 分时必须填写评价')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits scores keyed by criterion id with the comment', async () => {
    const onSubmit = vi.fn();
    renderWithApp(<ScoreForm criteria={criteria} commentRequiredBelow={60} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByRole('spinbutton', { name: '技术先进性 得分' }), { target: { value: '40' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: '实施能力 得分' }), { target: { value: '20' } });
    await waitFor(() => expect(screen.getByTestId('weighted-total')).toHaveTextContent('加权得分：40.00'));
    await userEvent.type(screen.getByLabelText('总体评价'), '团队经验不足');
    await userEvent.click(screen.getByRole('button', { name: /提交评分/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]?.[0]).toEqual({ comment: '团队经验不足', scores: { c1: 40, c2: 20 } });
  });
});
