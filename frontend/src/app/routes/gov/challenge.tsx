import { Alert, Card, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CustodiansPanel } from '@/features/custody/components/custodians-panel';
import { Link, useParams } from 'react-router';
import { DownloadButton } from '@/components/ui/download-button';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProvisionalEndNote } from '@/components/ui/provisional-end-note';
import { StatusTag } from '@/components/ui/status-tag';
import type { ChallengeStatus } from '@/config/taxonomy';
import { ApplicationDossier } from '@/features/applications/components/application-dossier';
import { ApprovalDossier } from '@/features/awards/components/approval-dossier';
import { AssignExperts } from '@/features/awards/components/assign-experts';
import { FormalCheck } from '@/features/awards/components/formal-check';
import { ObjectionDecisions } from '@/features/awards/components/objection-decisions';
import { Ranking } from '@/features/awards/components/ranking';
import { PublicityEndPreview } from '@/features/calendar/components/provisional-end';
import { useChallenge } from '@/features/challenges/api/get-challenge';
import { applicationsSheet, rankingSheet } from '@/features/challenges/api/sheets';
import { ChallengeActions } from '@/features/challenges/components/challenge-actions';
import { ChallengeTimeline } from '@/features/challenges/components/challenge-timeline';
import { awaitsOtherReviewer, canAssignExperts } from '@/features/challenges/components/visible-actions';
import { useAuth } from '@/lib/auth';

const OPENED: readonly ChallengeStatus[] = ['qualification', 'expert_review', 'award_approval', 'publicity', 'awarded'];
const RANKED: readonly ChallengeStatus[] = ['expert_review', 'award_approval', 'publicity', 'awarded'];

export default function GovChallengeRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const { data, error, isLoading, refetch } = useChallenge(id);
  const [chosenTab, setTab] = useState<string | null>(null);
  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!data)
    return (
      <div className="page">
        <ProblemAlert error={error} />
      </div>
    );
  const c = data.data;
  const opened = OPENED.includes(c.status);
  const approvable = ['award_approval', 'publicity', 'awarded'].includes(c.status);
  // The approver opens on what they decide on; everyone else on the formal check.
  const tab = chosenTab ?? (c.status === 'award_approval' ? 'approval' : 'check');

  return (
    <div className="page">
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={3} style={{ margin: 0 }}>
              <Link to={`/challenges/${c.id}`}>{c.title}</Link>
            </Typography.Title>
            <StatusTag status={c.status} />
          </Space>
          <ChallengeTimeline challenge={c} />
          <PublicityEndPreview challenge={c} />
          <ProvisionalEndNote challenge={c} />
          {awaitsOtherReviewer(c, hasRole('gov_reviewer')) && <Alert type="info" showIcon message={t('gov.secondReviewer')} />}
          <ChallengeActions
            challenge={c}
            onReload={() => void refetch()}
            onScreenAction={(action) => action === 'recommend' && setTab('ranking')}
          />
        </Space>
      </Card>
      <Card title={t('custody.panelTitle')} style={{ marginTop: 24 }}>
        <CustodiansPanel challenge={c} />
      </Card>
      {opened ? (
        <Card style={{ marginTop: 24 }}>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            tabBarExtraContent={
              <Space wrap>
                <DownloadButton file={() => applicationsSheet(c.id)} filename={`applications-${c.id}.xlsx`} testId="export-applications">
                  {t('sheets.exportApplications')}
                </DownloadButton>
                {RANKED.includes(c.status) && (
                  <DownloadButton file={() => rankingSheet(c.id)} filename={`ranking-${c.id}.xlsx`} testId="export-ranking">
                    {t('sheets.exportRanking')}
                  </DownloadButton>
                )}
              </Space>
            }
            items={[
              ...(approvable
                ? [
                    {
                      key: 'approval',
                      label: t('approval.tab'),
                      children: <ApprovalDossier challenge={c} onOpenDossiers={() => setTab('check')} />,
                    },
                  ]
                : []),
              {
                key: 'check',
                label: t('gov.formalCheck'),
                children: (
                  <FormalCheck
                    challengeId={c.id}
                    editable={c.status === 'qualification'}
                    renderDetail={(a) => <ApplicationDossier application={a} indicators={c.indicators} />}
                  />
                ),
              },
              {
                key: 'experts',
                label: c.status === 'qualification' ? <span title={t('gov.tabAfterStart')}>{t('gov.experts')}</span> : t('gov.experts'),
                // No panel exists before 进入专家评审, and none may be formed yet.
                disabled: c.status === 'qualification',
                children: <AssignExperts challengeId={c.id} canAssign={canAssignExperts(c)} />,
              },
              { key: 'ranking', label: t('gov.ranking'), children: <Ranking challenge={c} /> },
              { key: 'objections', label: t('gov.objections'), children: <ObjectionDecisions challengeId={c.id} /> },
            ]}
          />
        </Card>
      ) : (
        c.status === 'open' && <Alert style={{ marginTop: 24 }} type="info" showIcon message={t('gov.sealed')} />
      )}
    </div>
  );
}
