import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBeijing } from '@/lib/time';
import type { ReceiptVerification } from '../api/verify-receipt';

export function VerificationResult({ result }: { result: ReceiptVerification }) {
  const { t } = useTranslation();
  if (!result.valid) {
    return (
      <Alert
        type="error"
        showIcon
        message={t('receiptProof.invalid')}
        description={t('receiptProof.invalidDetail')}
        data-testid="verification-result"
      />
    );
  }
  return (
    <Alert
      type="success"
      showIcon
      message={t('receiptProof.valid')}
      description={t('receiptProof.validDetail', {
        time: formatBeijing(result.submitted_at, true),
        challenge: result.challenge_title ?? '',
        organisation: result.organisation ?? '',
      })}
      data-testid="verification-result"
    />
  );
}
