import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { Term } from '@/components/ui/term';
import { useChallenges } from '@/features/challenges/api/get-challenges';
import { ChallengeList } from '@/features/challenges/components/challenge-list';
import { myDemandsQueryOptions } from '@/features/demands/api/demands';
import { InterestsTable } from '@/features/demands/components/interests-table';
import { useAuth } from '@/lib/auth';

export default function EnterpriseHomeRoute() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const challenges = useChallenges({ mine: true });
  const demands = useQuery(myDemandsQueryOptions());

  return (
    <div className="page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('enterprise.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{me?.organisation?.name}</Typography.Text>
        </div>
        <Space>
          <Link to="/enterprise/demands/new">
            <Button icon={<PlusOutlined />}>{t('enterprise.newDemand')}</Button>
          </Link>
          <Link to="/enterprise/challenges/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('enterprise.newChallenge')}
            </Button>
          </Link>
        </Space>
      </Space>
      <Card>
        <Tabs
          items={[
            {
              key: 'challenges',
              label: t('enterprise.myChallenges'),
              children: (
                <>
                  <ProblemAlert error={challenges.error} />
                  <ChallengeList items={challenges.data ?? []} loading={challenges.isLoading} />
                </>
              ),
            },
            {
              key: 'demands',
              label: t('enterprise.myDemands'),
              children: (
                <>
                  <ProblemAlert error={demands.error} />
                  <Table
                    rowKey="id"
                    loading={demands.isLoading}
                    dataSource={demands.data ?? []}
                    data-testid="my-demands"
                    expandable={{
                      expandedRowRender: (d) => <InterestsTable demandId={d.id} />,
                      rowExpandable: (d) => d.status === 'published',
                    }}
                    columns={[
                      {
                        title: t('demandForm.title'),
                        dataIndex: 'title',
                        render: (v: string, d) => <Link to={`/demands/${d.id}`}>{v}</Link>,
                      },
                      {
                        title: t('common.sevenEnd'),
                        dataIndex: 'end_tags',
                        render: (v: string[]) => v.map((x) => <Term key={x} value={x} color="blue" />),
                      },
                      { title: t('interest.count'), dataIndex: 'interest_count' },
                      {
                        title: t('common.status'),
                        dataIndex: 'status',
                        render: (s: string, d) => {
                          const state = d.expired ? 'expired' : s;
                          const color = { published: 'green', returned: 'red', pending_review: 'blue', expired: 'default' }[state];
                          return <Tag color={color}>{t(`demandStatus.${state}`, { defaultValue: s })}</Tag>;
                        },
                      },
                      {
                        title: t('demands.returnReason'),
                        dataIndex: 'review_note',
                        render: (v: string, d) => (d.status === 'returned' ? v : ''),
                      },
                      {
                        title: t('common.actions'),
                        render: (_: unknown, d) =>
                          d.status === 'returned' ? <Link to={`/enterprise/demands/${d.id}/edit`}>{t('demands.resubmit')}</Link> : null,
                      },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
