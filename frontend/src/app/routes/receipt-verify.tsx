import { useQuery } from '@tanstack/react-query';
import { Card, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { verifyReceiptQueryOptions, type ReceiptPair } from '@/features/receipts/api/verify-receipt';
import { VerificationResult } from '@/features/receipts/components/verification-result';
import { VerifyReceiptForm } from '@/features/receipts/components/verify-receipt-form';

// Public: reached from a receipt's QR code (?no=…&sha256=…) or by typing both in. The pair lives in the
// URL, so a check can be shared and reloaded.
export default function ReceiptVerifyRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const receiptNo = params.get('no') ?? '';
  const sha256 = params.get('sha256') ?? '';
  const pair = useMemo(() => ({ receiptNo, sha256 }), [receiptNo, sha256]);
  const { data, error, isFetching } = useQuery(verifyReceiptQueryOptions(pair));
  const verify = (next: ReceiptPair) => setParams({ no: next.receiptNo, sha256: next.sha256 });
  return (
    <div className="page" style={{ maxWidth: 720 }}>
      <Card
        title={
          <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
            {t('receiptProof.title')}
          </Typography.Title>
        }
      >
        <Typography.Paragraph type="secondary">{t('receiptProof.intro')}</Typography.Paragraph>
        <VerifyReceiptForm initial={pair} onVerify={verify} />
        <div style={{ marginTop: 16 }}>
          <ProblemAlert error={error} />
          {isFetching ? <Spin /> : data && <VerificationResult result={data} />}
        </div>
      </Card>
    </div>
  );
}
