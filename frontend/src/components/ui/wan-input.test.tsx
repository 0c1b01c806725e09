import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button, Form } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '@/testing/test-utils';
import { WanInput } from './wan-input';

function Amount({ onFinish }: { onFinish: (v: { amount?: number }) => void }) {
  return (
    <Form onFinish={onFinish}>
      <Form.Item name="amount" label="金额">
        <WanInput />
      </Form.Item>
      <Button htmlType="submit">保存金额</Button>
    </Form>
  );
}

describe('WanInput', () => {
  it('takes the number in 万元 as typed, with the unit beside it', async () => {
    const onFinish = vi.fn();
    renderWithApp(<Amount onFinish={onFinish} />);
    expect(screen.getByText('万元')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('金额'), '300');
    expect(screen.queryByTestId('wan-in-words')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '保存金额' }));
    await waitFor(() => expect(onFinish).toHaveBeenCalledWith({ amount: 300 }));
  });

  it('steps by one 万元, not by ten thousand', () => {
    renderWithApp(<Amount onFinish={vi.fn()} />);
    const input = screen.getByLabelText('金额');
    fireEvent.change(input, { target: { value: '300' } });
    fireEvent.keyDown(input, { key: 'ArrowUp', code: 'ArrowUp', keyCode: 38 });
    expect(input).toHaveValue('301.00');
  });

  it('repeats a large amount in words', async () => {
    renderWithApp(<Amount onFinish={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('金额'), { target: { value: '30000' } });
    expect(await screen.findByTestId('wan-in-words')).toHaveTextContent('= 3 亿元');
  });
});
