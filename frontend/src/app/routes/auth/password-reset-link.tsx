import { Alert, Button, Card, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useConfirmResetLink } from '@/features/account/api/contacts';
import { NewPasswordFields } from '@/features/auth/components/new-password-fields';

/** 设置新密码: the page of the one-time link an administrator issued (?token=…). */
export default function PasswordResetLinkRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmResetLink();
  return (
    <div className="page" style={{ maxWidth: 440 }}>
      <Card title={t('resetLink.title')} style={{ marginTop: 40 }}>
        {token ? (
          <Form
            layout="vertical"
            requiredMark={false}
            onFinish={({ new_password }: { new_password: string }) =>
              confirm.mutate({ token, new_password }, { onSuccess: () => void navigate('/login?reset=1', { replace: true }) })
            }
          >
            <Typography.Paragraph type="secondary">{t('resetLink.intro')}</Typography.Paragraph>
            <ProblemAlert error={confirm.error} />
            <NewPasswordFields />
            <Button type="primary" htmlType="submit" loading={confirm.isPending}>
              {t('reset.confirm')}
            </Button>
          </Form>
        ) : (
          <Alert type="error" showIcon message={t('resetLink.missing')} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          <Link to="/login">{t('reset.backToLogin')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
