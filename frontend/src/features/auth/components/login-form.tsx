import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { NewPasswordFields } from './new-password-fields';
import type { SignInExtras } from '@/lib/auth';
import { ProblemError } from '@/lib/problem';

interface Values {
  username: string;
  password: string;
  new_password?: string;
  totp_code?: string;
}

type Submit = (username: string, password: string, extras: SignInExtras) => Promise<unknown>;

export function LoginForm({ onSubmit }: { onSubmit: Submit }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The server asks for what a sign-in needs beyond the password, one answer at a time.
  const [mustChange, setMustChange] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);

  const finish = async ({ username, password, new_password, totp_code }: Values) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(username.trim(), password, { new_password, totp_code: totp_code?.trim() });
    } catch (e) {
      if (e instanceof ProblemError && e.code === 'password-change-required') {
        setMustChange(true);
        return;
      }
      if (e instanceof ProblemError && e.code === 'totp-required') {
        setNeedsCode(true);
        return;
      }
      if (e instanceof ProblemError && e.code === 'totp-invalid') {
        setError(e);
        return;
      }
      // On the login form a 401 means wrong credentials, not an expired session.
      setError(
        e instanceof ProblemError && e.status === 401
          ? new ProblemError({ ...e.problem, type: 'https://shigu.example/problems/invalid-credentials', detail: undefined })
          : e,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> layout="vertical" onFinish={(v) => void finish(v)} requiredMark={false} size="large">
      <ProblemAlert error={error} />
      <Form.Item
        name="username"
        label={t('auth.username')}
        rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" readOnly={mustChange || needsCode} />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" readOnly={mustChange || needsCode} />
      </Form.Item>
      {mustChange && (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('account.mustChange')} />
          <NewPasswordFields />
        </>
      )}
      {needsCode && (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('totp.loginHint')} />
          <Form.Item
            name="totp_code"
            label={t('totp.code')}
            extra={t('totp.codeHint')}
            rules={[{ required: true, whitespace: true, message: t('totp.err_required') }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" autoFocus maxLength={11} />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {mustChange ? t('account.setAndLogin') : needsCode ? t('totp.loginWithCode') : t('auth.login')}
      </Button>
    </Form>
  );
}
