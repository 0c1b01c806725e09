import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '@/testing/test-utils';
import { RegisterForm } from './register-form';

describe('RegisterForm credit code field', () => {
  it('shows why a credit code is refused', async () => {
    renderWithApp(<RegisterForm onSubmit={vi.fn()} />);
    const input = screen.getByLabelText('统一社会信用代码');
    fireEvent.change(input, { target: { value: '12345' } });
    fireEvent.blur(input);
    expect(await screen.findByText('统一社会信用代码应为 18 位')).toBeInTheDocument();

    fireEvent.change(input, { target: { value: '91350100M000100Y44' } });
    fireEvent.blur(input);
    expect(await screen.findByText('统一社会信用代码校验位不正确，请核对')).toBeInTheDocument();
  });

  it('upper-cases and accepts a valid code', async () => {
    renderWithApp(<RegisterForm onSubmit={vi.fn()} />);
    const input = screen.getByLabelText('统一社会信用代码');
    fireEvent.change(input, { target: { value: '91350100m000100y43' } });
    fireEvent.blur(input);
    expect(input).toHaveValue('91350100M000100Y43');
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText(/统一社会信用代码(应为|校验位|只能)/)).not.toBeInTheDocument();
  });
});
