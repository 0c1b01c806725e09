import { Alert, Empty, Segmented, Skeleton, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import { useAudit, useAuditVerification } from '../api/get-audit';
import { AUDIT_KINDS, auditKind, type AuditKind } from './audit-kind';

function Verification({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const { data, error } = useAuditVerification(challengeId);
  if (error) return <ProblemAlert error={error} />;
  if (!data) return <Skeleton.Input active block />;
  return data.valid ? (
    <Alert type="success" showIcon data-testid="audit-verification" message={t('operator.audit.valid', { n: data.entries })} />
  ) : (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verification"
      message={t('operator.audit.broken', { seq: data.first_invalid_seq ?? '—', n: data.entries })}
      description={t('operator.audit.brokenHint')}
    />
  );
}

/** The challenge's hash-chained audit log as a timeline, with the chain's verification on top. */
export function AuditChain({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useAudit(challengeId);
  const [kind, setKind] = useState<AuditKind | 'all'>('all');
  const shown = kind === 'all' ? data : data.filter((e) => auditKind(e.action) === kind);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Verification challengeId={challengeId} />
      <ProblemAlert error={error} />
      <Segmented
        data-testid="audit-kind"
        value={kind}
        onChange={(v) => setKind(v as AuditKind | 'all')}
        options={[
          { value: 'all', label: t('operator.audit.kinds.all', { n: data.length }) },
          ...AUDIT_KINDS.map((k) => ({ value: k, label: t(`operator.audit.kinds.${k}`) })),
        ]}
      />
      {isLoading ? (
        <Skeleton active />
      ) : shown.length === 0 ? (
        <Empty description={t('operator.audit.empty')} />
      ) : (
        <Timeline
          data-testid="audit-timeline"
          items={shown.map((e) => ({
            key: e.seq,
            children: (
              <div data-testid="audit-entry">
                <Typography.Text strong>
                  #{e.seq} {t(`operator.audit.kinds.${auditKind(e.action)}`)} · {e.action}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {formatBeijing(e.at, true)} · {t('operator.audit.actor')}：{e.actor}
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary" copyable={{ text: e.hash }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
                  {t('operator.audit.hash')} {e.hash.slice(0, 16)}…
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Space>
  );
}
