import { Alert, Button, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProvisionalEndNote } from '@/components/ui/provisional-end-note';
import { formatBeijing } from '@/lib/time';
import type { Challenge } from '@/types/api';
import { usePublicity } from '../api/get-history';
import { useFileObjection, useObjections } from '../api/objections';

// The service's default for WORKFLOW_MAX_OPEN_OBJECTIONS; its 409 names the configured limit if it differs.
const OPEN_OBJECTION_LIMIT = 3;

export function PublicityNotice({ challenge, canObject }: { challenge: Challenge; canObject: boolean }) {
  const { t } = useTranslation();
  const inPublicity = challenge.status === 'publicity';
  const publicity = usePublicity(challenge.id);
  const objections = useObjections(challenge.id);
  const file = useFileObjection(challenge.id);
  const [grounds, setGrounds] = useState('');
  // During 公示 only the proposed winners are public; after the award every applicant's result is.
  const results = publicity.data?.results ?? [];
  // A vendor sees the filer of its own objections only, so these are the ones this applicant holds open.
  const openMine = (objections.data ?? []).filter((o) => o.status === 'submitted' && o.filer_name != null).length;
  const atLimit = openMine >= OPEN_OBJECTION_LIMIT;
  // An applicant's result or a proposed winner's award: each row names its own kind of status.
  const rows: { org_name: string; rank: number | null; score: number | null; status: string }[] =
    results.length > 0
      ? results
      : (publicity.data?.winners ?? []).map((w) => ({ org_name: w.org_name, rank: w.rank, score: w.score, status: w.status }));

  return (
    <div data-testid="publicity">
      <Alert
        type={inPublicity ? 'warning' : 'success'}
        showIcon
        message={inPublicity ? t('publicity.title') : t('publicity.results')}
        description={
          inPublicity
            ? t('publicity.period', {
                end: formatBeijing(publicity.data?.publicity_ends_at ?? challenge.publicity_ends_at),
                days: challenge.publicity_working_days,
              })
            : undefined
        }
        style={{ marginBottom: 16 }}
      />
      <ProvisionalEndNote
        challenge={{
          status: challenge.status,
          publicity_ends_provisional: publicity.data?.publicity_ends_provisional ?? challenge.publicity_ends_provisional,
        }}
      />
      <ProblemAlert error={publicity.error} />
      <Table
        size="small"
        rowKey={(r) => `${r.rank ?? ''}-${r.org_name}`}
        pagination={false}
        loading={publicity.isLoading}
        dataSource={rows}
        columns={[
          { title: t('publicity.rank'), dataIndex: 'rank', width: 80 },
          { title: t('publicity.organisation'), dataIndex: 'org_name' },
          { title: t('publicity.score'), dataIndex: 'score', render: (s: number | null) => (s == null ? '—' : s.toFixed(2)) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{t(`application.${s}`, { defaultValue: s })}</Tag>,
          },
        ]}
      />
      {(objections.data ?? []).length > 0 && (
        <List
          header={<Typography.Text strong>{t('publicity.objections')}</Typography.Text>}
          dataSource={objections.data}
          renderItem={(o) => (
            <List.Item>
              <div>
                <Tag>{t(`objection.${o.status}`, { defaultValue: o.status })}</Tag> {o.grounds}
                {o.answer && (
                  <div>
                    <Typography.Text type="secondary">
                      {t('publicity.answer')}：{o.answer}
                    </Typography.Text>
                  </div>
                )}
              </div>
            </List.Item>
          )}
        />
      )}
      {inPublicity && canObject && (
        <div style={{ marginTop: 16 }}>
          <ProblemAlert error={file.error} />
          <Typography.Paragraph type="secondary">{t('publicity.realName')}</Typography.Paragraph>
          <Typography.Paragraph type={atLimit ? 'warning' : 'secondary'} data-testid="objection-limit">
            {t('publicity.objectionLimit', {
              limit: OPEN_OBJECTION_LIMIT,
              open: openMine,
            })}
          </Typography.Paragraph>
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea rows={2} value={grounds} onChange={(e) => setGrounds(e.target.value)} placeholder={t('publicity.grounds')} />
            <Button
              danger
              disabled={atLimit || grounds.trim().length < 10}
              loading={file.isPending}
              onClick={() => file.mutate(grounds.trim(), { onSuccess: () => setGrounds('') })}
            >
              {t('publicity.object')}
            </Button>
          </Space.Compact>
        </div>
      )}
    </div>
  );
}
