import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { organisationsQueryOptions, useAdminCommand } from '../api/admin';
import { CreateOrganisationButton } from './create-organisation-button';

export function OrganisationsTable() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(organisationsQueryOptions());
  const command = useAdminCommand();
  return (
    <>
      <CreateOrganisationButton />
      <ProblemAlert error={error ?? command.error} />
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        columns={[
          { title: t('register.orgName'), dataIndex: 'name' },
          { title: t('register.kind'), dataIndex: 'kind', render: (k: string) => t(`orgKind.${k}`, { defaultValue: k }) },
          { title: t('register.creditCode'), dataIndex: 'credit_code' },
          { title: t('common.district'), dataIndex: 'district' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'active' ? 'green' : s === 'suspended' ? 'red' : 'gold'}>{t(`orgStatus.${s}`, { defaultValue: s })}</Tag>
            ),
          },
          {
            title: t('common.actions'),
            // Only what the organisation's lifecycle allows now (a rejected one: nothing here).
            render: (_: unknown, o) => (
              <Space>
                {o.allowed_actions.includes('verify') && (
                  <Button size="small" type="primary" onClick={() => command.mutate({ organisation: o.id, act: 'verify' })}>
                    {t('admin.verify')}
                  </Button>
                )}
                {o.allowed_actions.includes('reactivate') && (
                  <Button size="small" onClick={() => command.mutate({ organisation: o.id, act: 'reactivate' })}>
                    {t('admin.reactivate')}
                  </Button>
                )}
                {o.allowed_actions.includes('suspend') && (
                  <Button
                    size="small"
                    danger
                    onClick={() => command.mutate({ organisation: o.id, act: 'suspend', reason: t('admin.suspendReason') })}
                  >
                    {t('admin.suspend')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
