import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '@/lib/problem';
import type { DocumentMeta } from '@/types/api';
import { downloadDocument, previewable, useDocumentPreview } from '../api/documents';
import { formatSize } from './receipt-card';

function Preview({ applicationId, doc }: { applicationId: string; doc: DocumentMeta }) {
  const { t } = useTranslation();
  const { url, error, isLoading } = useDocumentPreview(applicationId, doc, true);
  if (isLoading) return <Spin />;
  if (error || !url) return <Alert type="warning" showIcon message={t('dossier.previewFailed')} description={describeError(error, t)} />;
  const title = t('dossier.previewTitle', { name: doc.name });
  return doc.content_type === 'application/pdf' ? (
    <iframe src={url} title={title} data-testid="document-preview" style={{ width: '100%', height: 560, border: '1px solid #f0f0f0' }} />
  ) : (
    <img src={url} alt={title} data-testid="document-preview" style={{ maxWidth: '100%' }} />
  );
}

/** The sealed documents with their digests; a PDF or image opens in place, every one downloads under its name. */
export function DossierDocuments({ applicationId, documents }: { applicationId: string; documents: DocumentMeta[] }) {
  const { t } = useTranslation();
  // The first previewable document is open from the start: a reviewer should not have to ask for it.
  const [open, setOpen] = useState<number | null>(documents.find(previewable)?.index ?? null);
  const [failed, setFailed] = useState<unknown>(null);
  const shown = documents.find((d) => d.index === open);

  const download = (d: DocumentMeta) => {
    setFailed(null);
    downloadDocument(applicationId, d).catch(setFailed);
  };

  return (
    <>
      {failed != null && <Alert type="error" showIcon message={describeError(failed, t)} style={{ marginBottom: 8 }} />}
      <Table
        size="small"
        pagination={false}
        rowKey="index"
        dataSource={documents}
        locale={{ emptyText: t('dossier.noDocuments') }}
        data-testid="dossier-documents"
        scroll={{ x: true }}
        columns={[
          { title: t('receipt.documentName'), dataIndex: 'name' },
          { title: t('dossier.docType'), dataIndex: 'content_type' },
          { title: t('receipt.documentSize'), dataIndex: 'size', render: (n: number) => formatSize(n), width: 100 },
          {
            title: 'SHA-256',
            dataIndex: 'sha256',
            render: (h: string) => (
              <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
                {h}
              </Typography.Text>
            ),
          },
          {
            title: t('common.actions'),
            render: (_: unknown, d) => (
              <Space>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() => download(d)}
                  aria-label={`${t('dossier.download')} ${d.name}`}
                >
                  {t('dossier.download')}
                </Button>
                {previewable(d) && (
                  <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(open === d.index ? null : d.index)}>
                    {open === d.index ? t('dossier.hidePreview') : t('dossier.preview')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {shown && (
        <div style={{ marginTop: 12 }}>
          <Preview key={shown.index} applicationId={applicationId} doc={shown} />
        </div>
      )}
    </>
  );
}
