import { useTranslation } from 'react-i18next';
import { AdminPage } from '@/features/admin/components/admin-page';
import { ReindexPanel } from '@/features/admin/components/reindex-panel';

export default function AdminReindexRoute() {
  const { t } = useTranslation();
  return (
    <AdminPage title={t('operator.reindex.title')} intro={t('operator.reindex.intro')}>
      <ReindexPanel />
    </AdminPage>
  );
}
