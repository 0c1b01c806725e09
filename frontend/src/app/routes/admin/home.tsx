import { Card, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BatchesPanel } from '@/features/admin/components/batches-panel';
import { OrganisationsTable } from '@/features/admin/components/organisations-table';
import { UsersTable } from '@/features/admin/components/users-table';
import { DemandReviewQueue } from '@/features/demands/components/demand-review-queue';

export default function AdminHomeRoute() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('admin.title')}</Typography.Title>
      {/* Beside the tabs, not inside their tablist: a tablist holds only tabs. */}
      <Card
        extra={
          <Space split="·" wrap data-testid="admin-nav">
            <Link to="/admin/verification" data-testid="admin-verification">
              {t('operator.verify.title')}
            </Link>
            <Link to="/admin/calendar" data-testid="admin-calendar">
              {t('calendar.title')}
            </Link>
            <Link to="/admin/dead-letters" data-testid="admin-dead-letters">
              {t('operator.deadLetters.title')}
            </Link>
            <Link to="/admin/reindex" data-testid="admin-reindex">
              {t('operator.reindex.title')}
            </Link>
            <Link to="/admin/audit" data-testid="admin-audit">
              {t('adminAudit.title')}
            </Link>
            <Link to="/admin/codelists" data-testid="admin-codelists">
              {t('admin.codeLists')}
            </Link>
          </Space>
        }
      >
        <Tabs
          items={[
            { key: 'orgs', label: t('admin.organisations'), children: <OrganisationsTable /> },
            { key: 'users', label: t('admin.users'), children: <UsersTable /> },
            { key: 'batches', label: t('admin.batches'), children: <BatchesPanel /> },
            { key: 'demands', label: t('demands.queueTab'), children: <DemandReviewQueue /> },
          ]}
        />
      </Card>
    </div>
  );
}
