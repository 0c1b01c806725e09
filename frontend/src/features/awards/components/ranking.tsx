import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import type { Challenge } from '@/types/api';
import { rankingQueryOptions, useRecommend } from '../api/review-console';

export function Ranking({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(rankingQueryOptions(challenge.id, challenge.version));
  const recommend = useRecommend(challenge.id);
  const max = challenge.max_winners;
  const canRecommend = challenge.allowed_actions.includes('recommend');
  const [selected, setSelected] = useState<string[] | null>(null);
  // The ranking pre-fills the recommendation: the top max_winners scored rows.
  const chosen = selected ?? data.filter((r) => r.score != null).slice(0, max).map((r) => r.application_id);

  return (
    <>
      <ProblemAlert error={error} />
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
          <DecisionButton
            type="primary"
            disabled={chosen.length === 0}
            decision={{
              title: t('actions.recommend'),
              summary: t('decision.summary.recommend', {
                names: data.filter((r) => chosen.includes(r.application_id)).map((r) => r.org_name).join('、'),
              }),
              done: t('gov.recommended'),
              run: (reason) => recommend.mutateAsync({ version: challenge.version, applicationIds: chosen, reason }),
            }}
          />
        </div>
      )}
    </>
  );
}
