import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import { useAdminCommand, useIssueResetLink, useResetPassword, useResetTotp, usersQueryOptions } from '../api/admin';
import { CreateUserButton } from './create-user-button';

export function UsersTable() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(usersQueryOptions());
  const command = useAdminCommand();
  const reset = useResetPassword();
  const resetTotp = useResetTotp();
  const resetLink = useIssueResetLink();
  return (
    <>
      <CreateUserButton />
      <ProblemAlert error={error ?? command.error ?? reset.error} />
      <Modal
        open={reset.isSuccess}
        title={t('account.resetDone')}
        onOk={() => reset.reset()}
        onCancel={() => reset.reset()}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {reset.data && (
          <>
            <Typography.Paragraph>
              {t('account.temporaryPassword')}：
              <Typography.Text code copyable data-testid="temporary-password">
                {reset.data.temporary_password}
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('account.resetHint', { until: formatBeijing(reset.data.expires_at) })}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
      <Modal
        open={resetLink.isSuccess}
        title={t('account.resetLinkDone')}
        onOk={() => resetLink.reset()}
        onCancel={() => resetLink.reset()}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {resetLink.data && (
          <>
            <Typography.Paragraph>
              <Typography.Text code copyable data-testid="reset-link" style={{ wordBreak: 'break-all' }}>
                {resetLink.data.link}
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {resetLink.data.emailed_to
                ? t('account.resetLinkEmailed', { to: resetLink.data.emailed_to })
                : t('account.resetLinkNotEmailed')}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('account.resetLinkHint', { until: formatBeijing(resetLink.data.expires_at) })}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('register.displayName'), dataIndex: 'display_name' },
          {
            title: t('admin.roles'),
            dataIndex: 'roles',
            render: (r: string[]) => (
              <Space size={2} wrap>
                {r.map((x) => (
                  <Tag key={x}>{t(`roles.${x}`, { defaultValue: x })}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('register.orgName'), dataIndex: 'organisation_name' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'active' ? 'green' : 'red'}>{t(`userStatus.${s}`, { defaultValue: s })}</Tag>,
          },
          {
            title: t('common.actions'),
            render: (_: unknown, u) => (
              <Space size={4}>
                {u.allowed_actions.includes('activate') && (
                  <Button size="small" onClick={() => command.mutate({ user: u.id, act: 'activate' })}>
                    {t('admin.reactivate')}
                  </Button>
                )}
                {u.allowed_actions.includes('suspend') && (
                  <Button
                    size="small"
                    danger
                    onClick={() => command.mutate({ user: u.id, act: 'suspend', reason: t('admin.suspendReason') })}
                  >
                    {t('admin.suspend')}
                  </Button>
                )}
                <Popconfirm title={t('account.resetConfirm')} onConfirm={() => reset.mutate(u.id)}>
                  <Button size="small">{t('account.resetPassword')}</Button>
                </Popconfirm>
                {u.status === 'active' && (
                  <DecisionButton
                    size="small"
                    data-testid="reset-link-button"
                    decision={{
                      title: t('account.resetLink'),
                      summary: t('account.resetLinkConfirm', { name: u.display_name }),
                      opinion: 'required',
                      done: t('account.resetLinkDone'),
                      run: (reason) => resetLink.mutateAsync({ userId: u.id, reason }),
                    }}
                  >
                    {t('account.resetLink')}
                  </DecisionButton>
                )}
                {u.totp_enabled && (
                  <DecisionButton
                    size="small"
                    danger
                    data-testid="reset-totp"
                    decision={{
                      title: t('totp.adminReset'),
                      summary: t('totp.adminResetConfirm', { name: u.display_name }),
                      opinion: 'required',
                      danger: true,
                      done: t('totp.adminResetDone'),
                      run: (reason) => resetTotp.mutateAsync({ userId: u.id, reason }),
                    }}
                  >
                    {t('totp.adminReset')}
                  </DecisionButton>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
