import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { interestsQueryOptions, useDecideInterest } from '../api/demands';

export function InterestsTable({ demandId }: { demandId: string }) {
  const { t } = useTranslation();
  const { data = [], isLoading } = useQuery(interestsQueryOptions(demandId));
  const decide = useDecideInterest(demandId);
  return (
    <>
      <ProblemAlert error={decide.error} />
      <Table
        size="small"
        rowKey="id"
        loading={isLoading}
        pagination={false}
        dataSource={data}
        data-testid="interests"
        columns={[
          { title: t('interest.provider'), dataIndex: 'vendor_name' },
          { title: t('demands.interestContactName'), dataIndex: 'contact_name', render: (v: string) => v || '—' },
          {
            title: t('demands.phoneOrEmail'),
            key: 'reach',
            render: (_: unknown, r) => [r.contact_phone, r.contact_email].filter(Boolean).join(' / ') || '—',
          },
          { title: t('interest.proposal'), dataIndex: 'proposal' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`interest.${s}`, { defaultValue: s })}</Tag> },
          {
            title: t('common.actions'),
            render: (_: unknown, r) =>
              r.status === 'pending' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, decision: 'deal' })}>
                    {t('interest.markDeal')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => decide.mutate({ id: r.id, decision: 'declined', reason: t('interest.declinedReason') })}
                  >
                    {t('interest.decline')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}
