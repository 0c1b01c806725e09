import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/lib/auth';
import { formatBeijing } from '@/lib/time';
import { useTransitions } from '@/lib/transitions';
import type { Challenge } from '@/types/api';
import { rankingQueryOptions, useObjectionQueue } from '../api/review-console';
import { Ranking } from './ranking';

/** What the second reviewer weighs before approving or rejecting a recommendation: who is recommended with
 *  their scores, who recommended them and why, the objections raised in earlier rounds, and the whole ranking
 *  with each expert's sheet. The applications' own dossiers are one tab away, in the formal check. */
export function ApprovalDossier({ challenge, onOpenDossiers }: { challenge: Challenge; onOpenDossiers: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { data: transitions = [] } = useTransitions(challenge.id, challenge.version);
  const { data: ranking = [] } = useQuery(rankingQueryOptions(challenge.id, challenge.version));
  const objections = useObjectionQueue(challenge.id);
  const recommendation = [...transitions].reverse().find((tr) => tr.action === 'recommend');
  const recommended = ranking.filter((r) => ['recommended', 'awarded'].includes(r.status));
  const rejections = transitions.filter((tr) => tr.action === 'reject_award');
  const byMe = recommendation?.actor === `user:${me?.user.id ?? ''}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="approval-dossier">
      {challenge.status === 'award_approval' && <Alert type="info" showIcon message={t('approval.intro')} />}
      <Descriptions bordered size="small" column={1} title={t('approval.recommendation')}>
        <Descriptions.Item label={t('approval.recommended')}>
          <span data-testid="approval-recommended">
            {recommended.length === 0
              ? '—'
              : recommended
                  .map(
                    (r) =>
                      `${r.org_name}（${t('approval.rankScore', { rank: r.rank ?? '—', score: r.score == null ? '—' : r.score.toFixed(2) })}）`,
                  )
                  .join('、')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.recommender')}>
          {recommendation
            ? byMe
              ? t('approval.byMe')
              : t('approval.byOther', { id: recommendation.actor.replace(/^user:/, '').slice(0, 8) })
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.recommendedAt')}>
          {recommendation ? `${formatBeijing(recommendation.at)} ${t('time.beijing')}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.reason')}>
          <Typography.Text data-testid="approval-reason">{recommendation?.reason || t('approval.noReason')}</Typography.Text>
        </Descriptions.Item>
        {rejections.length > 0 && (
          <Descriptions.Item label={t('approval.earlierRejections')}>
            {rejections.map((tr) => `${formatBeijing(tr.at)}：${tr.reason}`).join('；')}
          </Descriptions.Item>
        )}
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('approval.objections', { n: objections.data?.length ?? 0 })}</Typography.Title>
        <List
          size="small"
          bordered
          loading={objections.isLoading}
          dataSource={objections.data ?? []}
          data-testid="approval-objections"
          locale={{ emptyText: t('gov.noObjections') }}
          renderItem={(o) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <span>
                  <Tag>{t(`objection.${o.status}`, { defaultValue: o.status })}</Tag>
                  {o.grounds}
                </span>
                <Typography.Text type="secondary">
                  {[o.filer_org_name, formatBeijing(o.filed_at)].filter(Boolean).join(' · ')}
                  {o.answer ? ` · ${t('publicity.answer')}：${o.answer}` : ''}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('approval.ranking')}</Typography.Title>
        <Ranking challenge={challenge} />
      </div>
      <div>
        <Button type="link" style={{ padding: 0 }} onClick={onOpenDossiers} data-testid="approval-open-dossiers">
          {t('approval.openDossiers')}
        </Button>
      </div>
    </Space>
  );
}
