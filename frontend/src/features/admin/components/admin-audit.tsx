import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Segmented, Skeleton, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { beijingToIso, formatBeijing } from '@/lib/time';
import type { AdminAuditEntry } from '@/types/api';
import {
  adminAuditQueryOptions,
  adminAuditVerificationQueryOptions,
  exportAdminAudit,
  type AuditFilters,
  type AuditService,
} from '../api/audit';

/** An action's label in the UI language; an action the locale does not know shows as its code. */
export function actionLabel(t: (key: string, options?: Record<string, unknown>) => string, action: string): string {
  return t(`adminAudit.actions.${action.replace('.', '_')}`, { defaultValue: action });
}

function Verification({ service }: { service: AuditService }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, error, isFetching } = useQuery(adminAuditVerificationQueryOptions(service));
  if (error) return <ProblemAlert error={error} />;
  if (!data) return <Skeleton.Input active block />;
  const again = (
    <Button
      size="small"
      loading={isFetching}
      data-testid="admin-audit-reverify"
      onClick={() => void queryClient.invalidateQueries({ queryKey: ['admin-audit', service, 'verify'] })}
    >
      {t('adminAudit.verifyAgain')}
    </Button>
  );
  return data.valid ? (
    <Alert
      type="success"
      showIcon
      action={again}
      data-testid="admin-audit-verification"
      message={t('adminAudit.valid', { n: data.entries })}
    />
  ) : (
    <Alert
      type="error"
      showIcon
      action={again}
      data-testid="admin-audit-verification"
      message={t('adminAudit.broken', { seq: data.first_invalid_seq ?? '—', n: data.entries })}
      description={t('adminAudit.brokenHint', { at: formatBeijing(data.first_invalid_at ?? null, true) })}
    />
  );
}

interface FilterForm {
  actor?: string;
  action?: string;
  target?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toFilters(v: FilterForm): AuditFilters {
  const [since, until] = v.range ?? [null, null];
  return {
    actor: v.actor?.trim() || undefined,
    action: v.action?.trim() || undefined,
    target: v.target?.trim() || undefined,
    since: since ? beijingToIso(since) : undefined,
    until: until ? beijingToIso(until) : undefined,
  };
}

/** The administrative acts of the gateway (accounts, organisations), of matching (demands,
 * batches, providers, the index) or of workflow (the calendar, retried dead letters and deliveries): the chain's verification, filters, the entries and an export. */
export function AdminAudit() {
  const { t } = useTranslation();
  const [service, setService] = useState<AuditService>('gateway');
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [exportError, setExportError] = useState<unknown>(null);
  const [form] = Form.useForm<FilterForm>();
  const { data, isLoading, error } = useQuery(adminAuditQueryOptions(service, filters, page, pageSize));
  const download = async (format: 'xlsx' | 'csv') => {
    setExportError(null);
    try {
      await exportAdminAudit(service, filters, format);
    } catch (e) {
      setExportError(e);
    }
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Segmented
        data-testid="admin-audit-service"
        value={service}
        onChange={(v) => {
          setService(v as AuditService);
          setPage(1);
        }}
        options={[
          { value: 'gateway', label: t('adminAudit.services.gateway') },
          { value: 'matching', label: t('adminAudit.services.matching') },
          { value: 'workflow', label: t('adminAudit.services.workflow') },
        ]}
      />
      <Verification service={service} />
      <Form
        form={form}
        layout="inline"
        data-testid="admin-audit-filters"
        onFinish={(v) => {
          setFilters(toFilters(v));
          setPage(1);
        }}
      >
        <Form.Item name="actor" label={t('adminAudit.actor')}>
          <Input allowClear placeholder={t('adminAudit.actorHint')} data-testid="admin-audit-actor" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="action" label={t('adminAudit.action')}>
          <Input allowClear placeholder={t('adminAudit.actionHint')} data-testid="admin-audit-action" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="target" label={t('adminAudit.target')}>
          <Input allowClear placeholder={t('adminAudit.targetHint')} data-testid="admin-audit-target" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="range" label={t('adminAudit.range')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="admin-audit-search">
            {t('adminAudit.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
              setPage(1);
            }}
          >
            {t('adminAudit.reset')}
          </Button>
        </Space>
      </Form>
      <Space wrap>
        <Button onClick={() => void download('xlsx')} data-testid="admin-audit-export-xlsx">
          {t('adminAudit.exportXlsx')}
        </Button>
        <Button onClick={() => void download('csv')} data-testid="admin-audit-export-csv">
          {t('adminAudit.exportCsv')}
        </Button>
        <Typography.Text type="secondary">{t('adminAudit.exportHint')}</Typography.Text>
      </Space>
      <ProblemAlert error={error ?? exportError} />
      <Table<AdminAuditEntry>
        rowKey="seq"
        size="middle"
        loading={isLoading}
        dataSource={data?.items ?? []}
        data-testid="admin-audit-entries"
        locale={{ emptyText: t('adminAudit.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('adminAudit.total', { n }),
          onChange: (p, size) => {
            setPage(size === pageSize ? p : 1);
            setPageSize(size);
          },
        }}
        columns={[
          { title: t('adminAudit.seq'), dataIndex: 'seq', width: 70 },
          { title: t('adminAudit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatBeijing(v, true) },
          {
            title: t('adminAudit.actor'),
            dataIndex: 'actor',
            render: (_: unknown, e) => (
              <span title={e.actor}>{e.actor_name || t(`adminAudit.actors.${e.actor.split(':')[0]}`, { defaultValue: e.actor })}</span>
            ),
          },
          {
            title: t('adminAudit.action'),
            dataIndex: 'action',
            render: (a: string) => (
              <span data-testid="admin-audit-entry-action" data-action={a} title={a}>
                {actionLabel(t, a)}
              </span>
            ),
          },
          {
            title: t('adminAudit.target'),
            dataIndex: 'target',
            render: (v: string) => (
              <Typography.Text code copyable>
                {v}
              </Typography.Text>
            ),
          },
          { title: t('adminAudit.reason'), dataIndex: 'reason', render: (v: string) => v || '—' },
          {
            title: t('adminAudit.hash'),
            dataIndex: 'hash',
            render: (h: string) => (
              <Typography.Text type="secondary" copyable={{ text: h }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
                {h.slice(0, 12)}…
              </Typography.Text>
            ),
          },
        ]}
      />
    </Space>
  );
}
