import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useConfirmReset, useRequestReset } from '@/features/account/api/contacts';
import { NewPasswordFields } from '@/features/auth/components/new-password-fields';

/** 忘记密码: a code to the account's verified e-mail, then the new password with that code. */
export default function PasswordResetRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const request = useRequestReset();
  const confirm = useConfirmReset();
  const [account, setAccount] = useState<string | null>(null);
  return (
    <div className="page" style={{ maxWidth: 440 }}>
      <Card title={t('reset.title')} style={{ marginTop: 40 }}>
        {account === null ? (
          <Form
            layout="vertical"
            requiredMark={false}
            onFinish={({ account: named }: { account: string }) =>
              request.mutate(named.trim(), { onSuccess: () => setAccount(named.trim()) })
            }
          >
            <Typography.Paragraph type="secondary">{t('reset.intro')}</Typography.Paragraph>
            <ProblemAlert error={request.error} />
            <Form.Item name="account" label={t('reset.account')} rules={[{ required: true, message: t('common.required') }]}>
              <Input autoComplete="username" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={request.isPending}>
              {t('reset.send')}
            </Button>
          </Form>
        ) : (
          <Form
            layout="vertical"
            requiredMark={false}
            onFinish={({ code, new_password }: { code: string; new_password: string }) =>
              confirm.mutate(
                { account, code: code.trim(), new_password },
                { onSuccess: () => void navigate('/login?reset=1', { replace: true }) },
              )
            }
          >
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('reset.sent')} />
            <ProblemAlert error={confirm.error} />
            <Form.Item
              name="code"
              label={t('contacts.code')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('totp.codeRule') }]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
            </Form.Item>
            <NewPasswordFields />
            <Button type="primary" htmlType="submit" loading={confirm.isPending}>
              {t('reset.confirm')}
            </Button>
            <Button type="link" onClick={() => setAccount(null)}>
              {t('reset.again')}
            </Button>
          </Form>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          <Link to="/login">{t('reset.backToLogin')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
