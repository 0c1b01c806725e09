import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { OpeningKeyPanel } from '@/features/custody/components/opening-key-panel';
import { useAuth } from '@/lib/auth';

export default function OpeningKeyRoute() {
  const { t } = useTranslation();
  const { me, hasRole } = useAuth();
  if (!me) return null;
  if (!hasRole('gov_reviewer') && !hasRole('supervisor')) {
    return (
      <div className="page" role="alert">
        <h2>403</h2>
        <p>{t('errors.forbidden')}</p>
      </div>
    );
  }
  return (
    <div className="page" style={{ maxWidth: 720 }}>
      <Card title={t('custody.title')} style={{ marginTop: 24 }}>
        <OpeningKeyPanel userId={me.user.id} />
      </Card>
    </div>
  );
}
