import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { ContactsSection } from '@/features/account/components/contacts-section';
import { PreferencesSection } from '@/features/account/components/preferences-section';

export default function AccountContactsRoute() {
  const { t } = useTranslation();
  return (
    <div className="page" style={{ maxWidth: 760 }}>
      <Card title={t('contacts.title')} style={{ marginTop: 24 }}>
        <ContactsSection />
      </Card>
      <Card title={t('contacts.prefsTitle')} style={{ marginTop: 24 }}>
        <PreferencesSection />
      </Card>
    </div>
  );
}
