import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ProblemError } from '@/lib/problem';
import { renderWithApp } from '@/testing/test-utils';
import { LoginForm } from './login-form';

describe('LoginForm', () => {
  it('refuses to submit without username and password', async () => {
    const onSubmit = vi.fn();
    renderWithApp(<LoginForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(screen.getByText('请输入密码')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits the trimmed username and the password', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderWithApp(<LoginForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('用户名'), '  ent1 ');
    await userEvent.type(screen.getByLabelText('密码'), 'shigu-demo-2026');
    await userEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith('ent1', 'shigu-demo-2026', { new_password: undefined }));
  });

  it('asks for a new password when the server says the password is temporary', async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(
        new ProblemError({ status: 403, title: 'Forbidden', type: 'https://shigu.example/problems/password-change-required' }),
      )
      .mockResolvedValueOnce(undefined);
    renderWithApp(<LoginForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('用户名'), 'ent1');
    await userEvent.type(screen.getByLabelText('密码'), 'temporary-1');
    await userEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await userEvent.type(await screen.findByLabelText('新密码'), 'Hangzhou-vision-88');
    await userEvent.type(screen.getByLabelText('确认新密码'), 'Hangzhou-vision-88');
    await userEvent.click(screen.getByRole('button', { name: '设置新密码并登录' }));
    await waitFor(() => expect(onSubmit).toHaveBeenLastCalledWith('ent1', 'temporary-1', { new_password: 'Hangzhou-vision-88' }));
  });

  it('asks for the one-time code when the account has a second factor, and says when it is wrong', async () => {
    const problem = (code: string) =>
      new ProblemError({ status: 401, title: 'Unauthorized', type: `https://shigu.example/problems/${code}` });
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(problem('totp-required'))
      .mockRejectedValueOnce(problem('totp-invalid'))
      .mockResolvedValueOnce(undefined);
    renderWithApp(<LoginForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('用户名'), 'gov1');
    await userEvent.type(screen.getByLabelText('密码'), 'shigu-demo-2026');
    await userEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    const code = await screen.findByLabelText('动态口令');
    await userEvent.type(code, '123456');
    await userEvent.click(screen.getByRole('button', { name: '验证并登录' }));
    expect(await screen.findByText('动态口令不正确或已使用过，请等待下一个口令')).toBeInTheDocument();
    await userEvent.clear(code);
    await userEvent.type(code, ' 654321 ');
    await userEvent.click(screen.getByRole('button', { name: '验证并登录' }));
    await waitFor(() => expect(onSubmit).toHaveBeenLastCalledWith('gov1', 'shigu-demo-2026', { totp_code: '654321' }));
  });

  it('explains a 401 as wrong credentials and a 429 with the wait', async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new ProblemError({ status: 401, title: 'Unauthorized', detail: 'bad' }))
      .mockRejectedValueOnce(new ProblemError({ status: 429, title: 'Too Many Requests' }, 30));
    renderWithApp(<LoginForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('用户名'), 'ent1');
    await userEvent.type(screen.getByLabelText('密码'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('用户名或密码错误')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('操作过于频繁，请在 30 秒后重试')).toBeInTheDocument();
  });
});
