import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { TotpEnrolment } from '@/features/auth/components/totp-enrolment';

export default function TotpRoute() {
  const { t } = useTranslation();
  return (
    <div className="page" style={{ maxWidth: 640 }}>
      <Card title={t('totp.title')} style={{ marginTop: 24 }}>
        <TotpEnrolment />
      </Card>
    </div>
  );
}
