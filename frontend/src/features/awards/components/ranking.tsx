import { useQuery } from '@tanstack/react-query';
import { Button, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessage } from '@/components/ui/feedback';
import { ProblemAlert } from '@/components/ui/problem-alert';
import type { Challenge } from '@/types/api';
import { rankingQueryOptions, useRecommend } from '../api/review-console';

export function Ranking({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const message = useMessage();
  const { data = [], isLoading, error } = useQuery(rankingQueryOptions(challenge.id, challenge.version));
  const recommend = useRecommend(challenge.id);
  const max = challenge.max_winners;
  const canRecommend = challenge.allowed_actions.includes('recommend');
  const [selected, setSelected] = useState<string[] | null>(null);
  // The ranking pre-fills the recommendation: the top max_winners scored rows.
  const chosen = selected ?? data.filter((r) => r.score != null).slice(0, max).map((r) => r.application_id);

  return (
    <>
      <ProblemAlert error={error ?? recommend.error} />
      <Table
        rowKey="application_id"
        loading={isLoading}
        pagination={false}
        dataSource={data}
        rowSelection={canRecommend ? { selectedRowKeys: chosen, onChange: (keys) => setSelected((keys as string[]).slice(0, max)) } : undefined}
        columns={[
          { title: t('publicity.rank'), dataIndex: 'rank', width: 80 },
          { title: t('publicity.organisation'), dataIndex: 'org_name' },
          { title: t('publicity.score'), dataIndex: 'score', render: (s: number | null) => (s == null ? '—' : s.toFixed(2)) },
          { title: t('gov.reviews'), dataIndex: 'reviews' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => t(`application.${s}`, { defaultValue: s }) },
        ]}
      />
      {canRecommend && (
        <div style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t('gov.recommendHint', { n: max })}</Typography.Paragraph>
          <Button
            type="primary"
            disabled={chosen.length === 0}
            loading={recommend.isPending}
            onClick={() =>
              recommend.mutate(
                { version: challenge.version, applicationIds: chosen },
                { onSuccess: () => void message.success(t('gov.recommended')) },
              )
            }
          >
            {t('actions.recommend')}
          </Button>
        </div>
      )}
    </>
  );
}
