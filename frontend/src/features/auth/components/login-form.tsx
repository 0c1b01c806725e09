import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProblemError } from '@/lib/problem';

interface Values {
  username: string;
  password: string;
}

export function LoginForm({ onSubmit }: { onSubmit: (username: string, password: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const finish = async ({ username, password }: Values) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(username.trim(), password);
    } catch (e) {
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
        <Input prefix={<UserOutlined />} autoComplete="username" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[{ required: true, message: t('auth.passwordRequired') }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('auth.login')}
      </Button>
    </Form>
  );
}
