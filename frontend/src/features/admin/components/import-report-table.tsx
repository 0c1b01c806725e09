import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '@/types/api';
import { importMessage } from './import-message';

/** Row-by-row import report: every row with its verdict, and each error with its column and field. */
export function ImportReportTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const errorsByRow = new Map<number, ImportReport['errors']>();
  for (const e of report.errors) errorsByRow.set(e.row, [...(errorsByRow.get(e.row) ?? []), e]);
  return (
    <>
      <Alert
        style={{ marginBottom: 12 }}
        showIcon
        type={report.valid ? 'success' : 'error'}
        message={
          !report.valid
            ? t('admin.importBad', { bad: report.invalid_rows })
            : report.dry_run
              ? t('admin.importDryOk', { n: report.total_rows })
              : t('admin.importOk', { n: report.imported })
        }
      />
      <Table
        size="small"
        rowKey="row"
        dataSource={report.rows}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('admin.row'), dataIndex: 'row', width: 70 },
          { title: t('admin.code'), dataIndex: 'code', width: 120 },
          { title: t('demandForm.title'), dataIndex: 'title' },
          {
            title: t('common.status'),
            dataIndex: 'valid',
            width: 90,
            render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{ok ? t('admin.rowOk') : t('admin.rowBad')}</Tag>,
          },
          {
            title: t('admin.message'),
            render: (_: unknown, r) =>
              (errorsByRow.get(r.row) ?? []).map((e) => (
                <div key={`${e.field}-${e.code}`} data-testid="import-error">
                  <Tag>{e.column || e.field}</Tag>
                  {importMessage(e, t)}
                </div>
              )),
          },
        ]}
      />
    </>
  );
}
