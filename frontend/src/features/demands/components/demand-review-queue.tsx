import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmDecision, type Decision } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { Term } from '@/components/ui/term';
import { formatBeijing } from '@/lib/time';
import type { Demand } from '@/types/api';
import { demandQueueQueryOptions, useReviewDemand } from '../api/demands';
import { DemandDetails } from './demand-details';

/** The reviewers' queue of scenario demands: publish one, or return it to its owner with the reason. */
export function DemandReviewQueue() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(demandQueueQueryOptions());
  const review = useReviewDemand();
  const [pending, setPending] = useState<Decision | null>(null);

  const approve = (d: Demand): Decision => ({
    title: t('demands.approve'),
    summary: t('demands.approveSummary', { title: d.title, publisher: d.publisher_name }),
    opinion: 'optional',
    done: t('demands.approved'),
    run: (note) => review.mutateAsync({ id: d.id, approve: true, note }),
  });
  const giveBack = (d: Demand): Decision => ({
    title: t('demands.return'),
    summary: t('demands.returnSummary', { title: d.title, publisher: d.publisher_name }),
    opinion: 'required',
    danger: true,
    done: t('demands.returned'),
    run: (note) => review.mutateAsync({ id: d.id, approve: false, note }),
  });

  return (
    <>
      <ProblemAlert error={error} />
      <ConfirmDecision decision={pending} onClose={() => setPending(null)} />
      <Table<Demand>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        locale={{ emptyText: t('demands.queueEmpty') }}
        data-testid="demand-queue"
        expandable={{ expandedRowRender: (d) => <DemandDetails demand={d} /> }}
        columns={[
          { title: t('demandForm.title'), dataIndex: 'title', render: (v: string, d) => <Link to={`/demands/${d.id}`}>{v}</Link> },
          { title: t('demand.publisher'), dataIndex: 'publisher_name' },
          { title: t('common.district'), dataIndex: 'district', render: (v: string) => <Term value={v} /> },
          { title: t('demand.validUntil'), dataIndex: 'valid_until', render: (v: string | null) => v ?? '—' },
          { title: t('demands.submittedAt'), dataIndex: 'created_at', render: (v: string) => formatBeijing(v) },
          {
            title: t('common.actions'),
            render: (_: unknown, d) => (
              <Space>
                <Button size="small" type="primary" onClick={() => setPending(approve(d))}>
                  {t('demands.approve')}
                </Button>
                <Button size="small" danger onClick={() => setPending(giveBack(d))}>
                  {t('demands.return')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
