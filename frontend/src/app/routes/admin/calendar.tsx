import { useTranslation } from 'react-i18next';
import { AdminPage } from '@/features/admin/components/admin-page';
import { CalendarOverrides } from '@/features/admin/components/calendar-overrides';

export default function AdminCalendarRoute() {
  const { t } = useTranslation();
  return (
    <AdminPage title={t('operator.calendar.title')} intro={t('operator.calendar.intro')}>
      <CalendarOverrides />
    </AdminPage>
  );
}
