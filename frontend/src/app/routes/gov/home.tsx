import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DownloadButton } from '@/components/ui/download-button';
import type { ChallengeStatus } from '@/config/taxonomy';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useChallenges } from '@/features/challenges/api/get-challenges';
import { challengesSheet } from '@/features/challenges/api/sheets';
import { ChallengeList } from '@/features/challenges/components/challenge-list';
import { DemandReviewQueue } from '@/features/demands/components/demand-review-queue';

const QUEUES = [
  'pending_approval',
  'qualification',
  'expert_review',
  'award_approval',
  'publicity',
] as const satisfies readonly ChallengeStatus[];

function Queue({ status }: { status: (typeof QUEUES)[number] }) {
  const { data = [], isLoading, error } = useChallenges({ status });
  return (
    <>
      <ProblemAlert error={error} />
      <ChallengeList items={data} loading={isLoading} link={(c) => `/gov/challenges/${c.id}`} />
    </>
  );
}

export default function GovHomeRoute() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('gov.title')}</Typography.Title>
      {/* Beside the tabs, not inside their tablist: a tablist holds only tabs. */}
      <Card
        extra={
          <DownloadButton file={challengesSheet} filename="challenges.xlsx" testId="export-challenges">
            {t('sheets.exportChallenges')}
          </DownloadButton>
        }
      >
        <Tabs
          items={[
            ...QUEUES.map((s) => ({ key: s, label: t(`gov.queue_${s}`), children: <Queue status={s} /> })),
            { key: 'demands', label: t('demands.queueTab'), children: <DemandReviewQueue /> },
          ]}
        />
      </Card>
    </div>
  );
}
