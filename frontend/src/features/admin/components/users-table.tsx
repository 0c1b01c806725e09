import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useAdminCommand, usersQueryOptions } from '../api/admin';
import { CreateUserButton } from './create-user-button';

export function UsersTable() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(usersQueryOptions());
  const command = useAdminCommand();
  return (
    <>
      <CreateUserButton />
      <ProblemAlert error={error ?? command.error} />
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('register.displayName'), dataIndex: 'display_name' },
          { title: t('admin.roles'), dataIndex: 'roles', render: (r: string[]) => <Space size={2} wrap>{r.map((x) => <Tag key={x}>{t(`roles.${x}`, { defaultValue: x })}</Tag>)}</Space> },
          { title: t('register.orgName'), dataIndex: 'organisation_name' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'red'}>{t(`userStatus.${s}`, { defaultValue: s })}</Tag> },
          {
            title: t('common.actions'),
            render: (_: unknown, u) =>
              u.status === 'suspended' ? (
                <Button size="small" onClick={() => command.mutate({ path: `/api/admin/users/${u.id}/activate` })}>{t('admin.reactivate')}</Button>
              ) : (
                <Button size="small" danger onClick={() => command.mutate({ path: `/api/admin/users/${u.id}/suspend`, reason: t('admin.suspendReason') })}>{t('admin.suspend')}</Button>
              ),
          },
        ]}
      />
    </>
  );
}
