import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, List, Progress, Result, Skeleton, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Countdown } from '@/components/ui/countdown';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { replaceApplication, submitApplication } from '@/features/applications/api/applications';
import { custodiansQueryOptions, replaceSealed, type SealedEnvelope, submitSealed } from '@/features/applications/api/sealed';
import { ApplicationForm } from '@/features/applications/components/application-form';
import { keepDraft, readDraft } from '@/features/applications/lib/drafts';
import { useChallenge } from '@/features/challenges/api/get-challenge';
import type { Envelope } from '@/features/custody/envelope';
import { sealApplication } from '@/features/custody/seal-application';
import { useAuth } from '@/lib/auth';
import type { ApplicationContent, ChallengeCustodians } from '@/types/api';

/** A fingerprint as the server's `fingerprint_display` shows it: 4-hex groups. */
const grouped = (hex: string) => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

function CustodianNotice({ custodians }: { custodians: ChallengeCustodians }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="custodian-notice"
      message={t('apply.custodianSealed', { k: custodians.threshold, n: custodians.custodians.length })}
      description={
        <List
          size="small"
          dataSource={custodians.custodians}
          rowKey="user_id"
          renderItem={(c) => (
            <List.Item data-testid="custodian">
              <span>{c.user_id}</span>
              <Typography.Text code>{c.fingerprint ? grouped(c.fingerprint) : t('apply.custodianNoKey')}</Typography.Text>
            </List.Item>
          )}
        />
      }
    />
  );
}

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
  const byCustodians = data?.data.sealing === 'custodians';
  const custodians = useQuery({ ...custodiansQueryOptions(challengeId), enabled: byCustodians });
  const userId = me?.user.id ?? '';
  const draft = useQuery({
    queryKey: ['sealed-drafts', userId, replaceId],
    queryFn: () => readDraft(userId, replaceId ?? ''),
    enabled: byCustodians && Boolean(replaceId) && Boolean(userId),
  });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  // The same body retried (after a timeout) sends the same envelope, so the idempotency key's replay matches.
  const lastSealed = useRef<{ text: string; envelope: Envelope } | null>(null);

  if (isLoading || (byCustodians && (custodians.isLoading || draft.isLoading)))
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

  const sealed = async (body: ApplicationContent) => {
    if (!custodians.data) throw new Error(t('apply.custodiansUnavailable'));
    const text = JSON.stringify(body);
    if (lastSealed.current?.text === text) return lastSealed.current.envelope;
    setProgress({ done: 0, total: 1 + (body.documents?.length ?? 0) });
    try {
      const envelope = await sealApplication({
        body,
        organisationId: me?.organisation?.id ?? '',
        custodians: custodians.data,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      lastSealed.current = { text, envelope };
      return envelope;
    } finally {
      setProgress(null);
    }
  };

  const submit = async (body: ApplicationContent) => {
    let receiptId: string;
    if (byCustodians) {
      const envelope = await sealed(body);
      // The browser's envelope type and the server's schema describe the same JSON (decision 0100).
      const body_ = envelope as unknown as SealedEnvelope;
      const receipt = replaceId ? await replaceSealed(replaceId, body_) : await submitSealed(c.id, body_, idempotencyKey);
      await keepDraft(userId, receipt.id, body, envelope.header.envelope_id);
      receiptId = receipt.id;
    } else {
      const receipt = replaceId ? await replaceApplication(replaceId, body) : await submitApplication(c.id, body, idempotencyKey);
      receiptId = receipt.id;
    }
    await queryClient.invalidateQueries({ queryKey: ['applications'] });
    await queryClient.invalidateQueries({ queryKey: ['sealed-drafts'] });
    void navigate(`/vendor/receipts/${receiptId}`);
  };

  return (
    <div className="page">
      <Typography.Title level={3}>
        {replaceId ? t('apply.replaceTitle') : t('apply.title')}：{c.title}
      </Typography.Title>
      {c.application_deadline && <Countdown deadline={c.application_deadline} />}
      <div style={{ marginTop: 16 }}>
        {byCustodians && <ProblemAlert error={custodians.error ?? draft.error} />}
        {byCustodians && replaceId && draft.isSuccess && !draft.data && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="draft-elsewhere" message={t('apply.draftElsewhere')} />
        )}
        {progress && (
          <div data-testid="sealing-progress" style={{ marginBottom: 16 }}>
            <Typography.Text>{t('apply.sealing', progress)}</Typography.Text>
            <Progress percent={Math.round((progress.done / progress.total) * 100)} />
          </div>
        )}
        <ApplicationForm
          key={draft.data?.envelopeId ?? 'new'}
          organisation={me?.organisation ?? null}
          indicators={c.indicators}
          consortiumAllowed={c.eligibility.consortium_allowed ?? false}
          maxMembers={c.eligibility.consortium_max_members}
          onSubmit={submit}
          initial={draft.data?.body ?? null}
          notice={byCustodians && custodians.data ? <CustodianNotice custodians={custodians.data} /> : undefined}
        />
      </div>
    </div>
  );
}
