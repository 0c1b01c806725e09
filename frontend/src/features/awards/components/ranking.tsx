import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProblemError } from '@/lib/problem';
import type { Challenge, ExpertScore } from '@/types/api';
import { expertDirectoryQueryOptions, expertScoresQueryOptions, rankingQueryOptions, useRecommend } from '../api/review-console';

/** One application's sheets: by expert, the spread (max − min) of the totals given, and the recusals. */
export function sheetsOf(scores: ExpertScore[], applicationId: string) {
  const mine = scores.filter((r) => r.application_id === applicationId);
  const totals = mine.flatMap((r) => (r.status === 'completed' && r.total != null ? [r.total] : []));
  return {
    byExpert: new Map(mine.map((r) => [r.expert_id, r])),
    spread: totals.length > 1 ? Math.max(...totals) - Math.min(...totals) : totals.length === 1 ? 0 : null,
    recusals: mine.filter((r) => r.status === 'recused'),
  };
}

export function Ranking({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(rankingQueryOptions(challenge.id, challenge.version));
  const sheets = useQuery(expertScoresQueryOptions(challenge.id, challenge.version));
  const directory = useQuery(expertDirectoryQueryOptions());
  const recommend = useRecommend(challenge.id);
  const scores = sheets.data ?? [];
  const experts = [...new Set(scores.map((r) => r.expert_id))];
  const nameOf = (id: string) => directory.data?.find((e) => e.id === id)?.display_name ?? id.slice(0, 8);
  const notYet = sheets.error instanceof ProblemError && sheets.error.status === 403;
  const max = challenge.max_winners;
  const canRecommend = challenge.allowed_actions.includes('recommend');
  const [selected, setSelected] = useState<string[] | null>(null);
  // The ranking pre-fills the recommendation: the top max_winners scored rows.
  const chosen =
    selected ??
    data
      .filter((r) => r.score != null)
      .slice(0, max)
      .map((r) => r.application_id);

  return (
    <>
      <ProblemAlert error={error ?? (notYet ? null : sheets.error)} />
      {notYet && <Alert type="info" showIcon message={t('dossier.scoresLater')} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="ranking-table"
        scroll={{ x: true }}
        rowKey="application_id"
        loading={isLoading}
        pagination={false}
        dataSource={data}
        rowSelection={
          canRecommend ? { selectedRowKeys: chosen, onChange: (keys) => setSelected((keys as string[]).slice(0, max)) } : undefined
        }
        columns={[
          { title: t('publicity.rank'), dataIndex: 'rank', width: 80 },
          { title: t('publicity.organisation'), dataIndex: 'org_name' },
          { title: t('publicity.score'), dataIndex: 'score', render: (s: number | null) => (s == null ? '—' : s.toFixed(2)) },
          { title: t('gov.reviews'), dataIndex: 'reviews' },
          ...experts.map((id) => ({
            title: nameOf(id),
            key: `expert-${id}`,
            render: (_: unknown, r: { application_id: string }) => {
              const sheet = sheetsOf(scores, r.application_id).byExpert.get(id);
              if (!sheet) return '—';
              if (sheet.status === 'recused')
                return (
                  <Tooltip title={sheet.recusal_reason}>
                    <Tag>{t('dossier.recused')}</Tag>
                  </Tooltip>
                );
              if (sheet.status === 'assigned' || sheet.total == null) return <Tag>{t('dossier.pending')}</Tag>;
              return (
                <Tooltip
                  title={Object.entries(sheet.scores)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(' · ')}
                >
                  {sheet.total.toFixed(2)}
                </Tooltip>
              );
            },
          })),
          ...(sheets.data
            ? [
                {
                  title: t('dossier.spread'),
                  key: 'spread',
                  render: (_: unknown, r: { application_id: string }) => {
                    const spread = sheetsOf(scores, r.application_id).spread;
                    return spread == null ? '—' : spread.toFixed(2);
                  },
                },
                {
                  title: t('dossier.recused'),
                  key: 'recusals',
                  render: (_: unknown, r: { application_id: string }) => {
                    const recusals = sheetsOf(scores, r.application_id).recusals;
                    return recusals.length === 0 ? (
                      0
                    ) : (
                      <Tooltip title={recusals.map((x) => `${nameOf(x.expert_id)}：${x.recusal_reason}`).join('；')}>
                        {recusals.length}
                      </Tooltip>
                    );
                  },
                },
              ]
            : []),
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
                names: data
                  .filter((r) => chosen.includes(r.application_id))
                  .map((r) => r.org_name)
                  .join('、'),
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
