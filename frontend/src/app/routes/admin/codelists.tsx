import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CodeListTables } from '@/features/admin/components/code-lists';

export default function AdminCodeListsRoute() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <Link to="/admin">← {t('codelists.back')}</Link>
      <Typography.Title level={3}>{t('codelists.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('codelists.intro')}</Typography.Paragraph>
      <CodeListTables />
    </div>
  );
}
