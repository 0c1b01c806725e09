import { useQuery } from '@tanstack/react-query';
import { DatePicker, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionButton, type Decision } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import type { Application } from '@/types/api';
import { challengeApplicationsQueryOptions, type QualificationResult, useQualify } from '../api/review-console';
import { beijingToIso, formatBeijing } from '@/lib/time';

type Result = QualificationResult;

interface Props {
  challengeId: string;
  editable: boolean;
  /** The opened application's content, shown when its row is expanded. */
  renderDetail?: (a: Application) => ReactNode;
}

export function FormalCheck({ challengeId, editable, renderDetail }: Props) {
  const { t, i18n } = useTranslation();
  const { data = [], isLoading, error } = useQuery(challengeApplicationsQueryOptions(challengeId));
  const qualify = useQualify(challengeId);
  const [due, setDue] = useState<Dayjs | null>(null);

  const decision = (a: Application, result: Result): Decision => ({
    title: t(`gov.${result}`),
    summary: t(`decision.summary.qualify_${result}`, { name: a.org_name }),
    opinion: result === 'eligible' ? 'optional' : 'required',
    danger: result === 'ineligible',
    done: t('decision.qualified', { name: a.org_name, result: t(`application.${result}`) }),
    run: (reason) => qualify.mutateAsync({ id: a.id, result, reason, due_at: result === 'fixup' && due ? beijingToIso(due) : undefined }),
    ...(result === 'fixup'
      ? {
          extra: <DatePicker showTime style={{ marginTop: 12 }} value={due} onChange={setDue} placeholder={t('gov.fixupDue')} />,
          extraReady: due !== null,
          onDone: () => setDue(null),
        }
      : {}),
  });

  return (
    <>
      <ProblemAlert error={error} />
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        expandable={renderDetail ? { expandedRowRender: renderDetail, rowExpandable: (a) => a.content != null } : undefined}
        columns={[
          { title: t('publicity.organisation'), dataIndex: 'org_name' },
          { title: t('receipt.no'), dataIndex: 'receipt_no' },
          { title: t('receipt.time'), dataIndex: 'submitted_at', render: (v: string | null) => formatBeijing(v) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string, a) => (
              <>
                <Tag color={s === 'eligible' ? 'green' : s === 'ineligible' ? 'red' : undefined}>
                  {t(`application.${s}`, { defaultValue: s })}
                </Tag>
                {a.qualification_reason}
                {a.fixup_due_at && ` · ${t('gov.fixupDue')} ${formatBeijing(a.fixup_due_at)}`}
                {a.flags.length > 0 && (
                  <div>
                    {(a.flags as { rule?: string; detail?: string }[]).map((f) => (
                      <Tag key={`${f.rule}-${f.detail}`} color="orange">
                        {t(i18n.exists(`flags.${f.rule}`) ? `flags.${f.rule}` : 'flags.other', { detail: f.detail ?? '' })}
                      </Tag>
                    ))}
                  </div>
                )}
              </>
            ),
          },
          {
            title: t('common.actions'),
            render: (_: unknown, a) =>
              editable ? (
                <Space>
                  <DecisionButton size="small" type="primary" decision={decision(a, 'eligible')} />
                  <DecisionButton size="small" danger decision={decision(a, 'ineligible')} />
                  <DecisionButton size="small" decision={decision(a, 'fixup')} />
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}
