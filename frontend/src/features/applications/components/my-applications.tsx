import { useQuery } from '@tanstack/react-query';
import { Button, Grid, Input, List, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unwrapWithEtag, workflow } from '@/api/clients';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useAuth } from '@/lib/auth';
import { formatBeijing } from '@/lib/time';
import type { Application } from '@/types/api';
import { myApplicationsQueryOptions, useAnswerFixup, useApplicationCommand } from '../api/applications';
import { forgetDraft } from '../lib/drafts';

const EDITABLE = new Set(['submitted', 'needs_reconfirmation']);

function ChallengeTitle({ id }: { id: string }) {
  // Applications carry only the challenge id; the title is a cached public read.
  const { data } = useQuery({
    queryKey: ['challenges', 'detail', id],
    queryFn: async () => unwrapWithEtag(await workflow.GET('/challenges/{challenge_id}', { params: { path: { challenge_id: id } } })),
    staleTime: 5 * 60_000,
  });
  return <Link to={`/challenges/${id}`}>{data?.data.title ?? id}</Link>;
}

export function MyApplications() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(myApplicationsQueryOptions());
  const command = useApplicationCommand();
  const { me } = useAuth();
  // A withdrawn application's kept plaintext (custodian sealing, decision 0110) has no further use here.
  const withdraw = (id: string) =>
    command.mutate({ id, command: 'withdraw' }, { onSuccess: () => void forgetDraft(me?.user.id ?? '', id).catch(() => undefined) });
  const fixup = useAnswerFixup();
  const [fixing, setFixing] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const narrow = !Grid.useBreakpoint().md;
  const statusTag = (a: Application) => (
    <Tag color={a.status === 'needs_reconfirmation' ? 'orange' : undefined}>{t(`application.${a.status}`, { defaultValue: a.status })}</Tag>
  );
  const noteOf = (a: Application) =>
    [a.qualification_reason, a.fixup_due_at ? `${t('gov.fixupDue')} ${formatBeijing(a.fixup_due_at)}` : ''].filter(Boolean).join(' · ');
  const actionsOf = (a: Application): ReactNode =>
    a.status === 'fixup' ? (
      <Button size="small" type="primary" onClick={() => setFixing(a.id)}>
        {t('application.answerFixup')}
      </Button>
    ) : EDITABLE.has(a.status) ? (
      <Space wrap>
        {a.status === 'needs_reconfirmation' && (
          <Button size="small" type="primary" onClick={() => command.mutate({ id: a.id, command: 'confirm' })}>
            {t('application.confirm')}
          </Button>
        )}
        <Link to={`/vendor/apply/${a.challenge_id}?replace=${a.id}`}>
          <Button size="small">{t('application.replace')}</Button>
        </Link>
        <Popconfirm title={t('application.withdrawConfirm')} onConfirm={() => withdraw(a.id)}>
          <Button size="small" danger>
            {t('application.withdraw')}
          </Button>
        </Popconfirm>
      </Space>
    ) : null;
  return (
    <>
      <ProblemAlert error={error ?? command.error ?? fixup.error} />
      {narrow ? (
        // A phone shows each application as a card: the table's six columns are ~570 px wide.
        <List
          loading={isLoading}
          dataSource={data}
          rowKey="id"
          data-testid="my-applications"
          renderItem={(a) => (
            <List.Item data-testid="my-application">
              <Space direction="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
                <span style={{ fontWeight: 500 }}>
                  <ChallengeTitle id={a.challenge_id} />
                </span>
                <Space wrap size={8}>
                  {statusTag(a)}
                  {a.receipt_no && <Link to={`/vendor/receipts/${a.id}`}>{a.receipt_no}</Link>}
                </Space>
                <Typography.Text type="secondary">
                  {t('receipt.time')} {formatBeijing(a.submitted_at)}
                </Typography.Text>
                {noteOf(a) && <Typography.Text type="secondary">{noteOf(a)}</Typography.Text>}
                {actionsOf(a)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          loading={isLoading}
          dataSource={data}
          data-testid="my-applications"
          columns={[
            { title: t('receipt.challenge'), dataIndex: 'challenge_id', render: (v: string) => <ChallengeTitle id={v} /> },
            { title: t('common.status'), dataIndex: 'status', render: (_: string, a) => statusTag(a) },
            {
              title: t('receipt.no'),
              dataIndex: 'receipt_no',
              render: (v: string | null, a) => (v ? <Link to={`/vendor/receipts/${a.id}`}>{v}</Link> : '—'),
            },
            { title: t('receipt.time'), dataIndex: 'submitted_at', render: (v: string | null) => formatBeijing(v) },
            { title: t('application.note'), render: (_: unknown, a) => noteOf(a) },
            { title: t('common.actions'), render: (_: unknown, a) => actionsOf(a) },
          ]}
        />
      )}
      <Modal
        open={fixing !== null}
        title={t('application.answerFixup')}
        okButtonProps={{ disabled: note.trim().length < 2, loading: fixup.isPending }}
        onCancel={() => setFixing(null)}
        onOk={() =>
          fixing &&
          fixup.mutate(
            { id: fixing, note: note.trim() },
            {
              onSuccess: () => {
                setFixing(null);
                setNote('');
              },
            },
          )
        }
      >
        <Input.TextArea rows={4} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('application.fixupNote')} />
      </Modal>
    </>
  );
}
