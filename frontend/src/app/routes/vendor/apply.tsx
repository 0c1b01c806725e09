import { useQueryClient } from '@tanstack/react-query';
import { Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Countdown } from '@/components/ui/countdown';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { replaceApplication, submitApplication } from '@/features/applications/api/applications';
import { ApplicationForm } from '@/features/applications/components/application-form';
import { useChallenge } from '@/features/challenges/api/get-challenge';
import { useAuth } from '@/lib/auth';
import type { ApplicationContent } from '@/types/api';

export default function ApplyRoute() {
  const { challengeId = '' } = useParams();
  const [params] = useSearchParams();
  const replaceId = params.get('replace');
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const { data, error: loadError, isLoading } = useChallenge(challengeId);
  // One key per form visit: a double click or a retry after a timeout creates one application.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!data)
    return (
      <div className="page">
        <ProblemAlert error={loadError} />
      </div>
    );
  const c = data.data;
  if (c.status !== 'open')
    return (
      <div className="page">
        <Result status="warning" title={t('apply.notOpen')} />
      </div>
    );

  const submit = async (body: ApplicationContent) => {
    const receipt = replaceId ? await replaceApplication(replaceId, body) : await submitApplication(c.id, body, idempotencyKey);
    await queryClient.invalidateQueries({ queryKey: ['applications'] });
    void navigate(`/vendor/receipts/${receipt.id}`);
  };

  return (
    <div className="page">
      <Typography.Title level={3}>
        {replaceId ? t('apply.replaceTitle') : t('apply.title')}：{c.title}
      </Typography.Title>
      {c.application_deadline && <Countdown deadline={c.application_deadline} />}
      <div style={{ marginTop: 16 }}>
        <ApplicationForm
          organisation={me?.organisation ?? null}
          indicators={c.indicators}
          consortiumAllowed={c.eligibility.consortium_allowed ?? false}
          maxMembers={c.eligibility.consortium_max_members}
          onSubmit={submit}
        />
      </div>
    </div>
  );
}
