import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { LoginForm } from '@/features/auth/components/login-form';
import { homeForRoles, useAuth, type SignInExtras } from '@/lib/auth';

export default function LoginRoute() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();

  const submit = async (username: string, password: string, extras: SignInExtras) => {
    const me = await login(username, password, extras);
    const next = params.get('next');
    // Only same-site paths: "//host" or absolute URLs would make this an open redirect.
    const safe = next && next.startsWith('/') && !next.startsWith('//') ? next : null;
    // A privileged account without a second factor reaches nothing but its enrolment.
    const home = me.totp_enrolment_required ? '/account/totp' : (safe ?? homeForRoles(me.roles));
    void navigate(home, { replace: true });
  };

  return (
    <div className="page" style={{ maxWidth: 440 }}>
      <Card title={t('auth.loginTitle')} style={{ marginTop: 40 }}>
        {params.get('reset') && <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('reset.done')} />}
        <LoginForm onSubmit={submit} />
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          <Link to="/password-reset">{t('reset.link')}</Link>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('auth.noAccount')} <Link to="/register">{t('auth.register')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
