import { useQuery } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DownloadButton } from '@/components/ui/download-button';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProblemError } from '@/lib/problem';
import { formatBeijing } from '@/lib/time';
import { applicationsSheet } from '../api/sheets';

/** Applications as the owner sees them after the opening; before it the server answers 403. */
export function OpenedApplications({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const {
    data = [],
    isLoading,
    error,
  } = useQuery({
    queryKey: ['challenges', challengeId, 'applications'],
    queryFn: async () =>
      unwrap(await workflow.GET('/challenges/{challenge_id}/applications', { params: { path: { challenge_id: challengeId } } })),
    retry: false,
  });
  if (error instanceof ProblemError && error.status === 403) return <Alert type="info" showIcon message={t('errors.sealed')} />;
  return (
    <>
      <ProblemAlert error={error} />
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
        <DownloadButton
          file={() => applicationsSheet(challengeId)}
          filename={`applications-${challengeId}.xlsx`}
          testId="export-applications"
        >
          {t('sheets.exportApplications')}
        </DownloadButton>
      </div>
      <Table
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        columns={[
          { title: t('publicity.organisation'), dataIndex: 'org_name' },
          { title: t('receipt.no'), dataIndex: 'receipt_no' },
          { title: t('receipt.time'), dataIndex: 'submitted_at', render: (v: string | null) => formatBeijing(v) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{t(`application.${s}`, { defaultValue: s })}</Tag>,
          },
          { title: t('publicity.score'), dataIndex: 'score', render: (s: number | null | undefined) => (s == null ? '—' : s.toFixed(2)) },
        ]}
      />
    </>
  );
}
