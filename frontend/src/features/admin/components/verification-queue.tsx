import { useQuery } from '@tanstack/react-query';
import { Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { checkCreditCode } from '@/lib/credit-code';
import { formatBeijing } from '@/lib/time';
import type { ReviewedOrganisation } from '@/types/api';
import { organisationsQueryOptions, useAdminCommand, usersQueryOptions } from '../api/admin';

const FILTERS = ['pending', 'rejected', 'active', 'suspended', 'all'] as const;
type Filter = (typeof FILTERS)[number];
const ORDER: Record<string, number> = { pending: 0, rejected: 1, active: 2, suspended: 3 };
const COLOURS: Record<string, string> = { pending: 'gold', rejected: 'volcano', active: 'green', suspended: 'red' };

function CreditCode({ code }: { code: string }) {
  const { t } = useTranslation();
  const problem = checkCreditCode(code);
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text code>{code}</Typography.Text>
      {problem === null ? (
        <Typography.Text type="success" data-testid="credit-code-valid">
          ✓ {t('operator.verify.checksumOk')}
        </Typography.Text>
      ) : (
        <Typography.Text type="danger">✗ {t(`register.creditCode_${problem}`)}</Typography.Text>
      )}
    </Space>
  );
}

/** Registrations waiting for an operator, first: approve, or send back with a reason the registrant is told. */
export function VerificationQueue() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('pending');
  const orgs = useQuery(organisationsQueryOptions());
  const users = useQuery(usersQueryOptions());
  const command = useAdminCommand();
  const rows = (orgs.data ?? [])
    .filter((o) => filter === 'all' || o.status === filter)
    .sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || a.created_at.localeCompare(b.created_at));
  const registrants = (org: ReviewedOrganisation) => (users.data ?? []).filter((u) => u.organisation_id === org.id);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Segmented
        data-testid="verify-filter"
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        options={FILTERS.map((f) => ({
          value: f,
          label:
            f === 'all' ? t('operator.verify.all') : `${t(`orgStatus.${f}`)} (${(orgs.data ?? []).filter((o) => o.status === f).length})`,
        }))}
      />
      <ProblemAlert error={orgs.error ?? users.error} />
      <Table
        rowKey="id"
        loading={orgs.isLoading}
        dataSource={rows}
        data-testid="verify-queue"
        locale={{ emptyText: t('operator.verify.empty') }}
        columns={[
          { title: t('register.orgName'), dataIndex: 'name', render: (n: string, o) => <span data-testid={`org-${o.id}`}>{n}</span> },
          { title: t('register.kind'), dataIndex: 'kind', render: (k: string) => t(`orgKind.${k}`, { defaultValue: k }) },
          { title: t('register.creditCode'), dataIndex: 'credit_code', render: (c: string) => <CreditCode code={c} /> },
          { title: t('common.district'), dataIndex: 'district' },
          {
            title: t('operator.verify.registrant'),
            render: (_: unknown, o) => {
              const people = registrants(o);
              return people.length === 0
                ? '—'
                : people.map((u) => (
                    <div key={u.id}>
                      {u.display_name}（{u.username}）
                    </div>
                  ));
            },
          },
          { title: t('operator.verify.registeredAt'), dataIndex: 'created_at', render: (v: string) => formatBeijing(v) },
          {
            title: t('operator.verify.evidence'),
            render: () => <Typography.Text type="secondary">{t('operator.verify.noEvidence')}</Typography.Text>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string, o) => (
              <Space direction="vertical" size={0}>
                <Tag color={COLOURS[s]}>{t(`orgStatus.${s}`, { defaultValue: s })}</Tag>
                {o.rejection_reason && (
                  <Typography.Text type="secondary">
                    {t('operator.verify.reason')}：{o.rejection_reason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            render: (_: unknown, o) => (
              <Space>
                {o.allowed_actions.includes('verify') && (
                  <DecisionButton
                    size="small"
                    type="primary"
                    data-testid="verify-approve"
                    decision={{
                      title: t('admin.verify'),
                      summary: t('operator.verify.approveConfirm', { name: o.name }),
                      opinion: 'none',
                      done: t('operator.verify.approved', { name: o.name }),
                      run: () => command.mutateAsync({ organisation: o.id, act: 'verify' }),
                    }}
                  >
                    {t('admin.verify')}
                  </DecisionButton>
                )}
                {o.allowed_actions.includes('reject') && (
                  <DecisionButton
                    size="small"
                    danger
                    data-testid="verify-reject"
                    decision={{
                      title: t('operator.verify.reject'),
                      summary: t('operator.verify.rejectConfirm', { name: o.name }),
                      opinion: 'required',
                      danger: true,
                      done: t('operator.verify.rejected', { name: o.name }),
                      run: (reason) => command.mutateAsync({ organisation: o.id, act: 'reject', reason }),
                    }}
                  >
                    {t('operator.verify.reject')}
                  </DecisionButton>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
