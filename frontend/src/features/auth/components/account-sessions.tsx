import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useAuth } from '@/lib/auth';
import { formatBeijing } from '@/lib/time';
import type { AccountSession } from '@/types/api';
import { sessionsQueryOptions, useRevokeSession } from '../api/sessions';

/** The user's sessions still valid, the current one marked; each can be signed out from here. */
export function AccountSessions() {
  const { t } = useTranslation();
  const { logout } = useAuth();
  const { data = [], isLoading, error } = useQuery(sessionsQueryOptions());
  const revoke = useRevokeSession();
  return (
    <>
      <ProblemAlert error={error} />
      <Table<AccountSession>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        data-testid="account-sessions"
        locale={{ emptyText: t('account.sessions.empty') }}
        columns={[
          {
            title: t('account.sessions.browser'),
            dataIndex: 'user_agent',
            render: (agent: string | null, s) => (
              <>
                {agent ?? t('account.sessions.unknownBrowser')}{' '}
                {s.current && (
                  <Tag color="blue" data-testid="account-session-current">
                    {t('account.sessions.current')}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('account.sessions.startedAt'), dataIndex: 'started_at', render: (v: string | null) => formatBeijing(v) },
          { title: t('account.sessions.lastActiveAt'), dataIndex: 'last_active_at', render: (v: string | null) => formatBeijing(v) },
          { title: t('account.sessions.expiresAt'), dataIndex: 'expires_at', render: (v: string) => formatBeijing(v) },
          {
            title: t('common.actions'),
            render: (_: unknown, s) => (
              <DecisionButton
                size="small"
                danger
                data-testid="account-session-revoke"
                decision={{
                  title: t('account.sessions.revoke'),
                  summary: s.current ? t('account.sessions.revokeCurrent') : t('account.sessions.revokeConfirm'),
                  opinion: 'none',
                  danger: true,
                  done: t('account.sessions.revoked'),
                  run: async () => {
                    await revoke.mutateAsync(s.id);
                    if (s.current) logout();
                  },
                }}
              >
                {t('account.sessions.revoke')}
              </DecisionButton>
            ),
          },
        ]}
      />
    </>
  );
}
