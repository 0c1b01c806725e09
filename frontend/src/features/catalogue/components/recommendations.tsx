import { useQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import { recommendationsQueryOptions } from '../api/catalogue';

export function Recommendations() {
  const { t } = useTranslation();
  const { data, isLoading, error } = useQuery(recommendationsQueryOptions());
  return (
    <>
      <ProblemAlert error={error} />
      {data && data.excluded > 0 && (
        <Typography.Paragraph type="secondary">{t('vendor.excluded', { n: data.excluded })}</Typography.Paragraph>
      )}
      <List
        loading={isLoading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(r) => (
          <List.Item extra={<Typography.Text type="secondary">{t('vendor.score', { score: r.score.toFixed(2) })}</Typography.Text>}>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color="blue">{t(`kinds.${r.kind}`, { defaultValue: r.kind })}</Tag>
                  <Link to={`/${r.kind === 'challenge' ? 'challenges' : 'demands'}/${r.id}`}>{r.title}</Link>
                  {r.deadline && (
                    <Typography.Text type="secondary">
                      {t('challenge.deadline')} {formatBeijing(r.deadline)}
                    </Typography.Text>
                  )}
                </Space>
              }
              description={
                <Space wrap size={4}>
                  {r.reasons.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
