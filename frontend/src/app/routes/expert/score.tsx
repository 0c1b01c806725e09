import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Input, List, Popconfirm, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMessage } from '@/components/ui/feedback';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { applicationQueryOptions } from '@/features/applications/api/applications';
import { ApplicationDossier } from '@/features/applications/components/application-dossier';
import { challengeQueryOptions } from '@/features/challenges/api/get-challenge';
import { myAssignmentsQueryOptions, useDeclareCoi, useRecuse, useSubmitScores } from '@/features/review/api/assignments';
import { CoiForm } from '@/features/review/components/coi-form';
import { ScoreForm } from '@/features/review/components/score-form';

export default function ScoreRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const message = useMessage();
  const mine = useQuery(myAssignmentsQueryOptions());
  const a = mine.data?.find((x) => x.id === id);
  const challenge = useQuery({ ...challengeQueryOptions(a?.challenge_id ?? ''), enabled: Boolean(a) });
  const scores = useSubmitScores(id);
  const recuse = useRecuse(id);
  const coi = useDeclareCoi(a?.challenge_id ?? '');
  const [reason, setReason] = useState('');
  // Read only once the declaration is signed and the assignment is open: the server refuses it before.
  const open = Boolean(a?.coi_signed && a.status === 'assigned');
  const dossier = useQuery({ ...applicationQueryOptions(a?.application_id ?? ''), enabled: open, retry: false });
  if (mine.isLoading || challenge.isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!a) return <div className="page">{mine.error ? <ProblemAlert error={mine.error} /> : <Result status="404" />}</div>;
  const c = challenge.data?.data;
  const sameChallenge = (mine.data ?? []).filter((x) => x.challenge_id === a.challenge_id);
  const left = sameChallenge.filter((x) => x.status === 'assigned');

  const done = () => {
    void message.success(t('common.saved'));
    void navigate('/expert');
  };

  return (
    <div className="page" style={{ maxWidth: open ? 1440 : 900 }}>
      <Typography.Title level={3}>
        {a.challenge_title} · {a.applicant_name}
      </Typography.Title>
      <ProblemAlert error={scores.error ?? recuse.error ?? coi.error ?? challenge.error} />
      {a.coi_signed && a.status !== 'assigned' ? (
        <Result
          status={a.status === 'recused' ? 'info' : 'success'}
          title={t(`assignment.${a.status}`)}
          subTitle={a.status === 'recused' ? a.recusal_reason : undefined}
          extra={<Link to="/expert">{t('expert.backToList')}</Link>}
          data-testid="assignment-closed"
        />
      ) : !a.coi_signed ? (
        <Card title={t('coi.title')}>
          <CoiForm assignments={sameChallenge} busy={coi.isPending} onSubmit={(conflicts) => coi.mutate(conflicts)} />
        </Card>
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={14}>
            <Card>
              <ProblemAlert error={dossier.error} />
              {dossier.isLoading && <Skeleton active />}
              {dossier.data && <ApplicationDossier application={dossier.data} indicators={c ? c.indicators : []} />}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <div className="score-aside" style={{ position: 'sticky', top: 16 }}>
              <Card title={t('score.title')}>
                {c && (
                  <ScoreForm
                    criteria={c.criteria}
                    commentRequiredBelow={c.comment_required_below}
                    busy={scores.isPending}
                    onSubmit={(b) => scores.mutate(b, { onSuccess: done })}
                  />
                )}
              </Card>
              <Card title={t('score.recuseTitle')} style={{ marginTop: 16 }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('score.recuseReason')} />
                  <Popconfirm title={t('score.recuseConfirm')} onConfirm={() => recuse.mutate(reason.trim(), { onSuccess: done })}>
                    <Button danger disabled={reason.trim().length < 4}>
                      {t('score.recuse')}
                    </Button>
                  </Popconfirm>
                </Space.Compact>
              </Card>
              <Card title={t('dossier.myQueue')} size="small" style={{ marginTop: 16 }} data-testid="my-queue">
                <Typography.Paragraph>
                  {left.length > 0 ? t('dossier.remaining', { n: left.length }) : t('dossier.allDone')}
                </Typography.Paragraph>
                <List
                  size="small"
                  dataSource={sameChallenge}
                  renderItem={(x) => (
                    <List.Item
                      extra={x.id === a.id ? <Tag color="blue">{t('dossier.current')}</Tag> : <Tag>{t(`assignment.${x.status}`)}</Tag>}
                    >
                      {x.status === 'assigned' && x.id !== a.id ? (
                        <Link to={`/expert/assignments/${x.id}`}>{x.applicant_name}</Link>
                      ) : (
                        x.applicant_name
                      )}
                    </List.Item>
                  )}
                />
              </Card>
            </div>
          </Col>
        </Row>
      )}
    </div>
  );
}
