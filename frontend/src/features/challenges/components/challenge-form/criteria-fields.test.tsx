import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button, Form } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '@/testing/test-utils';
import { CriteriaFields, weightTotal } from './criteria-fields';

function Harness({ onFinish }: { onFinish: (v: unknown) => void }) {
  return (
    <Form
      onFinish={onFinish}
      initialValues={{
        criteria: [
          { name: '技术方案', weight: 40, max_score: 100 },
          { name: '团队能力', weight: 50, max_score: 100 },
        ],
      }}
    >
      <CriteriaFields />
      <Button htmlType="submit">submit</Button>
    </Form>
  );
}

describe('criteria weights', () => {
  it('adds up weights, ignoring blanks', () => {
    expect(weightTotal([{ weight: 40 }, { weight: 60 }])).toBe(100);
    expect(weightTotal([{ weight: 40 }, {}, undefined])).toBe(40);
    expect(weightTotal(undefined)).toBe(0);
  });

  it('blocks submission until the weights sum to 100', async () => {
    const onFinish = vi.fn();
    renderWithApp(<Harness onFinish={onFinish} />);
    expect(screen.getByTestId('weight-total')).toHaveTextContent('权重合计：90 / 100');

    await userEvent.click(screen.getByRole('button', { name: 'submit' }));
    expect(await screen.findByText('各评审项权重之和必须为 100，当前为 90')).toBeInTheDocument();
    expect(onFinish).not.toHaveBeenCalled();

    const weights = screen.getAllByRole('spinbutton', { name: '权重' });
    fireEvent.change(weights[1] as HTMLElement, { target: { value: '60' } });
    await waitFor(() => expect(screen.getByTestId('weight-total')).toHaveTextContent('权重合计：100 / 100'));
    await userEvent.click(screen.getByRole('button', { name: 'submit' }));
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
    expect(onFinish.mock.calls[0]?.[0]).toMatchObject({ criteria: [{ weight: 40 }, { weight: 60 }] });
  });
});
