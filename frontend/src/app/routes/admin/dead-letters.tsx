import { useTranslation } from 'react-i18next';
import { AdminPage } from '@/features/admin/components/admin-page';
import { DeadLettersTable } from '@/features/admin/components/dead-letters-table';

export default function AdminDeadLettersRoute() {
  const { t } = useTranslation();
  return (
    <AdminPage title={t('operator.deadLetters.title')} intro={t('operator.deadLetters.intro')}>
      <DeadLettersTable />
    </AdminPage>
  );
}
