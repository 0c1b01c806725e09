import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBeijing } from '@/lib/time';

interface Props {
  receiptNo: string;
  sha256: string;
  submittedAt: string;
  challengeTitle?: string;
  organisation?: string;
}

export function ReceiptCard({ receiptNo, sha256, submittedAt, challengeTitle, organisation }: Props) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('receipt.title')}
      extra={<Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('receipt.print')}</Button>}
      data-testid="receipt"
    >
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('receipt.no')}><Typography.Text copyable strong>{receiptNo}</Typography.Text></Descriptions.Item>
        {challengeTitle && <Descriptions.Item label={t('receipt.challenge')}>{challengeTitle}</Descriptions.Item>}
        {organisation && <Descriptions.Item label={t('receipt.organisation')}>{organisation}</Descriptions.Item>}
        <Descriptions.Item label={t('receipt.time')}>{formatBeijing(submittedAt, true)} {t('time.beijing')}</Descriptions.Item>
        <Descriptions.Item label="SHA-256">
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{sha256}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('receipt.explain')}</Typography.Paragraph>
    </Card>
  );
}
