import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { workflowHref } from '@/api/clients';
import { Countdown } from '@/components/ui/countdown';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { StatusTag } from '@/components/ui/status-tag';
import { Term } from '@/components/ui/term';
import { myApplicationsQueryOptions } from '@/features/applications/api/applications';
import { useChallenge } from '@/features/challenges/api/get-challenge';
import { AmendDialog } from '@/features/challenges/components/amend-dialog';
import { Amendments } from '@/features/challenges/components/amendments';
import { OpenedApplications } from '@/features/challenges/components/opened-applications';
import { ChallengeActions } from '@/features/challenges/components/challenge-actions';
import { ChallengeTimeline } from '@/features/challenges/components/challenge-timeline';
import { PublicityNotice } from '@/features/challenges/components/publicity-notice';
import { QaSection } from '@/features/challenges/components/qa-section';
import { CustodiansPanel } from '@/features/custody/components/custodians-panel';
import { useAuth } from '@/lib/auth';
import { formatWan } from '@/lib/money';
import { formatBeijing } from '@/lib/time';

// An application that still stands: submitted and not withdrawn or refused.
const ACTIVE = new Set([
  'submitted',
  'needs_reconfirmation',
  'opened',
  'eligible',
  'fixup',
  'scored',
  'recommended',
  'awarded',
  'not_awarded',
]);

export default function ChallengeRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me, hasRole } = useAuth();
  const { data, error, isLoading, refetch } = useChallenge(id);
  const [amending, setAmending] = useState(false);
  const isVendor = hasRole('vendor');
  const mine = useQuery({ ...myApplicationsQueryOptions(), enabled: isVendor });
  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!data) return <div className="page">{error ? <ProblemAlert error={error} /> : <Result status="404" />}</div>;
  const c = data.data;
  const applied = (mine.data ?? []).filter((a) => a.challenge_id === c.id && ACTIVE.has(a.status));
  const mayApplyMore = applied.length < (c.eligibility.applications_per_org ?? 1);
  const isOwner = me?.organisation?.id !== undefined && me.organisation.id === c.owner_org_id;
  const screen = (action: string) => {
    if (action === 'amend' || action === 'edit') setAmending(true);
    else if (hasRole('gov_reviewer')) void navigate(`/gov/challenges/${c.id}`);
  };

  return (
    <div className="page">
      <Card>
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>
              {c.title}
            </Typography.Title>
            <StatusTag status={c.status} />
            {c.status === 'open' && c.application_deadline && <Countdown deadline={c.application_deadline} />}
          </Space>
          <Typography.Paragraph type="secondary">{c.summary}</Typography.Paragraph>
          <ChallengeTimeline challenge={c} />
          <ChallengeActions challenge={c} onReload={() => void refetch()} onScreenAction={screen} />
          {applied.length > 0 && (
            <Space data-testid="applied">
              <Tag color="green">{t('apply.applied')}</Tag>
              {applied.map((a) => (
                <Link key={a.id} to={`/vendor/receipts/${a.id}`}>
                  {t('receipt.title')} {a.receipt_no}
                </Link>
              ))}
            </Space>
          )}
          {c.status === 'open' && isVendor && !mine.isLoading && mayApplyMore && (
            <Button type="primary" size="large" onClick={() => void navigate(`/vendor/apply/${c.id}`)} style={{ alignSelf: 'flex-start' }}>
              {t('actions.apply')}
            </Button>
          )}
          <AmendDialog challenge={c} etag={data.etag} open={amending} onClose={() => setAmending(false)} onReload={() => void refetch()} />
        </Space>
      </Card>
      <Row gutter={24} style={{ marginTop: 24 }}>
        <Col xs={24} lg={16}>
          <Card>
            <Tabs
              items={[
                { key: 'detail', label: t('challenge.detail'), children: renderBody() },
                {
                  key: 'qa',
                  label: t('challenge.qa'),
                  children: <QaSection challengeId={c.id} canAsk={c.status === 'open' && hasRole('vendor')} canAnswer={isOwner} />,
                },
                { key: 'amend', label: t('challenge.amendments'), children: <Amendments challengeId={c.id} /> },
                ...(isOwner && !['draft', 'pending_approval', 'open'].includes(c.status)
                  ? [{ key: 'apps', label: t('challenge.applications'), children: <OpenedApplications challengeId={c.id} /> }]
                  : []),
                ...(['publicity', 'awarded'].includes(c.status)
                  ? [
                      {
                        key: 'publicity',
                        label: t('publicity.tab'),
                        children: <PublicityNotice challenge={c} canObject={hasRole('vendor')} />,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('challenge.keyDates')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('challenge.publishedAt')}>{formatBeijing(c.published_at ?? c.publish_at)}</Descriptions.Item>
              <Descriptions.Item label={t('challenge.deadline')}>
                {formatBeijing(c.application_deadline)} {t('time.beijing')}
              </Descriptions.Item>
              {c.publicity_ends_at && (
                <Descriptions.Item label={t('challenge.publicityEnds')}>
                  {formatBeijing(c.publicity_ends_at)}
                  {c.publicity_ends_provisional && (
                    <span data-testid="publicity-ends-provisional-tag">{t('calendar.provisionalSuffix')}</span>
                  )}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('challenge.reward')}>{formatWan(c.reward_amount)}</Descriptions.Item>
              <Descriptions.Item label={t('challenge.mode')}>
                {t(c.mode === 'horse_race' ? 'challenge.horseRace' : 'challenge.jiebang')}
              </Descriptions.Item>
              <Descriptions.Item label={t('challenge.maxWinners')}>{c.max_winners}</Descriptions.Item>
              <Descriptions.Item label={t('challenge.owner')}>{c.owner_org_name || '—'}</Descriptions.Item>
            </Descriptions>
            <Space wrap>
              {c.end_tags.map((x) => (
                <Term key={x} value={x} color="blue" />
              ))}
              {c.layer_tags.map((x) => (
                <Term key={x} value={x} />
              ))}
              {c.scenario_domain && <Term value={c.scenario_domain} />}
            </Space>
            <div style={{ marginTop: 12 }}>
              <a href={workflowHref('/challenges/{challenge_id}/ocds', { challenge_id: c.id })}>{t('challenge.ocds')}</a>
              {' · '}
              <Link to={`/challenges/${c.id}/audit`} data-testid="audit-link">
                {t('challenge.audit')}
              </Link>
            </div>
          </Card>
          {c.sealing === 'custodians' && (
            <Card
              title={t('custody.panelTitle')}
              style={{ marginTop: 16 }}
              extra={
                <Link to={`/challenges/${c.id}/opening`} data-testid="opening-link">
                  {t('custody.openingLink')}
                </Link>
              }
            >
              <CustodiansPanel challenge={c} />
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );

  function renderBody() {
    const elig = c.eligibility;
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
        <Typography.Title level={5}>{t('challenge.indicators')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.metric}
          dataSource={c.indicators}
          columns={[
            { title: t('challengeForm.metric'), dataIndex: 'metric' },
            { title: t('challengeForm.target'), dataIndex: 'target' },
            { title: t('challengeForm.unit'), dataIndex: 'unit' },
            { title: t('challengeForm.verification'), dataIndex: 'verification' },
          ]}
        />
        <Typography.Title level={5}>{t('challenge.criteria')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.id}
          dataSource={c.criteria}
          columns={[
            { title: t('challengeForm.criterionName'), dataIndex: 'name' },
            { title: t('challengeForm.weight'), dataIndex: 'weight', render: (w: number) => `${w}%` },
            { title: t('challengeForm.maxScore'), dataIndex: 'max_score' },
          ]}
        />
        <Descriptions title={t('challenge.eligibility')} column={1} size="small">
          <Descriptions.Item label={t('challengeForm.requiredLabels')}>
            {(elig.required_qualifications ?? []).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('challengeForm.allowedDistricts')}>
            {(elig.allowed_districts ?? []).join('、') || t('challenge.allHangzhou')}
          </Descriptions.Item>
          <Descriptions.Item label={t('challengeForm.consortiumAllowed')}>
            {elig.consortium_allowed ? t('challenge.consortiumYes', { n: elig.consortium_max_members ?? '—' }) : t('common.no')}
          </Descriptions.Item>
        </Descriptions>
        {c.deliverables.length > 0 && (
          <>
            <Typography.Title level={5}>{t('challengeForm.deliverables')}</Typography.Title>
            <ul>
              {c.deliverables.map((d) => (
                <li key={String(d)}>{String(d)}</li>
              ))}
            </ul>
          </>
        )}
      </Space>
    );
  }
}
