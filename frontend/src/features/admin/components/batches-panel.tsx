import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Popconfirm, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchingHref } from '@/api/clients';
import { DownloadButton } from '@/components/ui/download-button';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProblemError } from '@/lib/problem';
import { formatBeijing } from '@/lib/time';
import type { ImportReport } from '@/types/api';
import { adminBatchesQueryOptions, demandsSheet, importReportSheet, useCreateBatch, useImportBatch, usePublishBatch } from '../api/admin';
import { ImportReportTable } from './import-report-table';

export function BatchesPanel() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(adminBatchesQueryOptions());
  const create = useCreateBatch();
  const importer = useImportBatch();
  const publish = usePublishBatch();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  // The file behind the report, sent again for its .xlsx version (the server keeps no uploads).
  const [checked, setChecked] = useState<{ batchId: string; file: File } | null>(null);

  const upload = (batchId: string, dryRun: boolean) => (
    <Upload
      accept=".xlsx,.xls,.csv"
      showUploadList={false}
      beforeUpload={(file) => {
        setChecked({ batchId, file });
        importer.mutate({ batchId, file, dryRun }, { onSuccess: setReport, onError: (e) => setReport(reportOf(e)) });
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />}>
        {dryRun ? t('admin.dryRun') : t('admin.import')}
      </Button>
    </Upload>
  );

  return (
    <>
      <ProblemAlert error={error ?? create.error ?? importer.error ?? publish.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <a href={matchingHref('/batches/template.xlsx')} download data-testid="batch-template">
          <DownloadOutlined /> {t('sheets.template')}
        </a>
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('sheets.acceptedFiles')}</span>
        <DownloadButton file={demandsSheet} filename="demands.xlsx" testId="export-demands">
          {t('sheets.exportDemands')}
        </DownloadButton>
      </Space>
      <Space.Compact style={{ marginBottom: 12, maxWidth: 640, width: '100%' }}>
        <Input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('admin.batchCode')} style={{ width: 200 }} />
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('admin.batchName')} />
        <Button
          type="primary"
          disabled={!name.trim() || !code.trim()}
          loading={create.isPending}
          onClick={() =>
            create.mutate(
              { name: name.trim(), code: code.trim(), description: '' },
              {
                onSuccess: () => {
                  setName('');
                  setCode('');
                },
              },
            )
          }
        >
          {t('admin.createBatch')}
        </Button>
      </Space.Compact>
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('admin.batchName'), dataIndex: 'name' },
          { title: t('admin.demandCount'), dataIndex: 'demand_count' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'published' ? 'green' : 'gold'}>{t(`batchStatus.${s}`, { defaultValue: s })}</Tag>,
          },
          { title: t('admin.publishedAt'), dataIndex: 'published_at', render: (v: string | null) => formatBeijing(v) },
          {
            title: t('common.actions'),
            render: (_: unknown, b) =>
              b.status !== 'published' ? (
                <Space>
                  {upload(b.id, true)}
                  {upload(b.id, false)}
                  <Popconfirm title={t('admin.publishConfirm')} onConfirm={() => publish.mutate(b.id)}>
                    <Button size="small" type="primary">
                      {t('admin.publish')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      {report && (
        <div style={{ marginTop: 16 }}>
          {checked && !report.valid && (
            <div style={{ marginBottom: 12 }}>
              <DownloadButton
                file={() => importReportSheet(checked.batchId, checked.file)}
                filename="import-report.xlsx"
                testId="download-report"
              >
                {t('sheets.downloadReport')}
              </DownloadButton>
            </div>
          )}
          <ImportReportTable report={report} />
        </div>
      )}
    </>
  );
}

// A real import refused for bad rows answers 422 with the same report a dry run gives.
function reportOf(error: unknown): ImportReport | null {
  return error instanceof ProblemError && error.problem.report ? (error.problem.report as ImportReport) : null;
}
