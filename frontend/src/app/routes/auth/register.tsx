import { Card, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { register } from '@/features/auth/api/register';
import { RegisterForm } from '@/features/auth/components/register-form';

export default function RegisterRoute() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <div className="page" style={{ maxWidth: 560 }}>
      <Card title={t('register.title')}>
        {done ? (
          <Result
            status="success"
            title={t('register.done')}
            subTitle={t('register.pending')}
            extra={<Link to="/login">{t('auth.login')}</Link>}
          />
        ) : (
          <RegisterForm
            onSubmit={async (body) => {
              await register(body);
              setDone(true);
            }}
          />
        )}
      </Card>
    </div>
  );
}
