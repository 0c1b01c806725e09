import { Alert, Button, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useReindex } from '../api/reindex';

const KINDS = ['provider', 'product', 'demand', 'challenge'] as const;

/** Rebuild the search index from the database; the request runs to the end, so its state is the progress. */
export function ReindexPanel() {
  const { t } = useTranslation();
  const reindex = useReindex();
  return (
    <Card>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('operator.reindex.explain')}</Typography.Paragraph>
        <Button type="primary" loading={reindex.isPending} onClick={() => reindex.mutate()} data-testid="reindex-start">
          {reindex.isPending ? t('operator.reindex.running') : t('operator.reindex.start')}
        </Button>
        {reindex.isPending && (
          <Spin tip={t('operator.reindex.runningHint')}>
            <div style={{ height: 48 }} />
          </Spin>
        )}
        <ProblemAlert error={reindex.error} />
        {reindex.data && (
          <div data-testid="reindex-result">
            <Alert
              type="success"
              showIcon
              message={t('operator.reindex.done', { n: reindex.data.indexed, seconds: reindex.data.seconds })}
              style={{ marginBottom: 12 }}
            />
            <Descriptions bordered size="small" column={2}>
              {KINDS.map((k) => (
                <Descriptions.Item key={k} label={t(`operator.reindex.kinds.${k}`)}>
                  {reindex.data.by_kind[k] ?? 0}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </div>
        )}
      </Space>
    </Card>
  );
}
