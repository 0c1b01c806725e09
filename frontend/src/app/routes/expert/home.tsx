import { useQuery } from '@tanstack/react-query';
import { Card, Segmented, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { myAssignmentsQueryOptions } from '@/features/review/api/assignments';

const FILTERS = { todo: 'assigned', done: 'completed', recused: 'recused' } as const;
type Filter = keyof typeof FILTERS | 'all';

export default function ExpertHomeRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = (params.get('filter') ?? 'todo') as Filter;
  const { data = [], isLoading, error } = useQuery(myAssignmentsQueryOptions());
  const shown = filter === 'all' ? data : data.filter((a) => a.status === FILTERS[filter]);

  return (
    <div className="page">
      <Typography.Title level={3}>{t('expert.title')}</Typography.Title>
      <Card>
        <Segmented<Filter>
          value={filter}
          onChange={(f) => setParams({ filter: f })}
          options={(['todo', 'done', 'recused', 'all'] as const).map((f) => ({
            value: f,
            label: `${t(`expert.filter_${f}`)} (${f === 'all' ? data.length : data.filter((a) => a.status === FILTERS[f]).length})`,
          }))}
          style={{ marginBottom: 16 }}
        />
        <ProblemAlert error={error} />
        <Table
          rowKey="id"
          loading={isLoading}
          dataSource={shown}
          columns={[
            { title: t('receipt.challenge'), dataIndex: 'challenge_title' },
            { title: t('expert.application'), dataIndex: 'applicant_name' },
            { title: t('publicity.score'), dataIndex: 'total', render: (v: number | null) => (v == null ? '—' : v.toFixed(2)) },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (s: string, a) => (
                <>
                  <Tag color={s === 'assigned' ? 'gold' : s === 'completed' ? 'green' : 'default'}>{t(`assignment.${s}`)}</Tag>
                  {s === 'recused' && a.recusal_reason && <Typography.Text type="secondary">{a.recusal_reason}</Typography.Text>}
                </>
              ),
            },
            {
              title: t('common.actions'),
              render: (_: unknown, a) =>
                a.status === 'assigned' ? <Link to={`/expert/assignments/${a.id}`}>{t('expert.score')}</Link> : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
