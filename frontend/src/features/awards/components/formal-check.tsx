import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Input, Modal, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { challengeApplicationsQueryOptions, useQualify } from '../api/review-console';
import { beijingToIso, formatBeijing } from '@/lib/time';

type Pending = { id: string; result: 'ineligible' | 'fixup' } | null;

export function FormalCheck({ challengeId, editable }: { challengeId: string; editable: boolean }) {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(challengeApplicationsQueryOptions(challengeId));
  const qualify = useQualify(challengeId);
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState('');
  const [due, setDue] = useState<Dayjs | null>(null);

  return (
    <>
      <ProblemAlert error={error ?? qualify.error} />
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        columns={[
          { title: t('publicity.organisation'), dataIndex: 'org_name' },
          { title: t('receipt.no'), dataIndex: 'receipt_no' },
          { title: t('receipt.time'), dataIndex: 'submitted_at', render: (v: string | null) => formatBeijing(v) },
          { title: t('common.status'), dataIndex: 'status', render: (s: string, a) => (
              <>
                <Tag color={s === 'eligible' ? 'green' : s === 'ineligible' ? 'red' : undefined}>{t(`application.${s}`, { defaultValue: s })}</Tag>
                {a.qualification_reason}
                {a.fixup_due_at && ` · ${t('gov.fixupDue')} ${formatBeijing(a.fixup_due_at)}`}
                {a.flags.length > 0 && <div>{a.flags.map((f) => <Tag key={String(f)} color="orange">{String(f)}</Tag>)}</div>}
              </>
            ) },
          {
            title: t('common.actions'),
            render: (_: unknown, a) =>
              editable ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => qualify.mutate({ id: a.id, result: 'eligible' })}>{t('gov.eligible')}</Button>
                  <Button size="small" danger onClick={() => setPending({ id: a.id, result: 'ineligible' })}>{t('gov.ineligible')}</Button>
                  <Button size="small" onClick={() => setPending({ id: a.id, result: 'fixup' })}>{t('gov.fixup')}</Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal
        open={pending !== null}
        title={pending ? t(`gov.${pending.result}`) : ''}
        okButtonProps={{ disabled: reason.trim().length < 2 || (pending?.result === 'fixup' && !due) }}
        onCancel={() => setPending(null)}
        onOk={() =>
          pending &&
          qualify.mutate(
            { id: pending.id, result: pending.result, reason: reason.trim(), due_at: due ? beijingToIso(due) : undefined },
            { onSuccess: () => { setPending(null); setReason(''); setDue(null); } },
          )
        }
      >
        <Input.TextArea rows={3} value={reason} placeholder={t('actions.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
        {pending?.result === 'fixup' && (
          <DatePicker showTime style={{ marginTop: 12 }} value={due} onChange={setDue} placeholder={t('gov.fixupDue')} />
        )}
      </Modal>
    </>
  );
}
