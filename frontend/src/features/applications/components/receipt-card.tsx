import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMessage } from '@/components/ui/feedback';
import { describeError } from '@/lib/problem';
import { downloadReceiptPdf } from '../api/download-receipt';
import { formatBeijing } from '@/lib/time';
import type { DocumentMeta } from '@/types/api';

interface Props {
  applicationId: string;
  receiptNo: string;
  sha256: string;
  submittedAt: string;
  challengeTitle?: string;
  organisation?: string;
  /** Each sealed document with the SHA-256 the server computed when it sealed it. */
  documents?: DocumentMeta[];
}

export function ReceiptCard({ applicationId, receiptNo, sha256, submittedAt, challengeTitle, organisation, documents = [] }: Props) {
  const { t } = useTranslation();
  const message = useMessage();
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      await downloadReceiptPdf(applicationId, receiptNo);
    } catch (error) {
      void message.error(`${t('receiptProof.downloadFailed')}: ${describeError(error, t)}`);
    } finally {
      setDownloading(false);
    }
  };
  const verifyHref = `/receipts/verify?${new URLSearchParams({ no: receiptNo, sha256 }).toString()}`;
  return (
    <Card
      className="receipt-card"
      title={t('receipt.title')}
      extra={
        <Space className="no-print" wrap>
          <Button type="primary" icon={<FilePdfOutlined />} loading={downloading} onClick={() => void download()}>
            {t('receiptProof.downloadPdf')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('receipt.print')}
          </Button>
        </Space>
      }
      data-testid="receipt"
    >
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('receipt.no')}>
          <Typography.Text copyable strong>
            {receiptNo}
          </Typography.Text>
        </Descriptions.Item>
        {challengeTitle && <Descriptions.Item label={t('receipt.challenge')}>{challengeTitle}</Descriptions.Item>}
        {organisation && <Descriptions.Item label={t('receipt.organisation')}>{organisation}</Descriptions.Item>}
        <Descriptions.Item label={t('receipt.time')}>
          {formatBeijing(submittedAt, true)} {t('time.beijing')}
        </Descriptions.Item>
        <Descriptions.Item label="SHA-256">
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {sha256}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('receipt.documents', { n: documents.length })}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="index"
        dataSource={documents}
        data-testid="receipt-documents"
        columns={[
          { title: t('receipt.documentName'), dataIndex: 'name' },
          { title: t('receipt.documentSize'), dataIndex: 'size', render: (n: number) => formatSize(n), width: 110 },
          {
            title: 'SHA-256',
            dataIndex: 'sha256',
            render: (h: string) => (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {h}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('receipt.explain')}{' '}
        <Link className="no-print" to={verifyHref}>
          {t('receiptProof.verifyLink')}
        </Link>
      </Typography.Paragraph>
    </Card>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
