import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Challenge } from '@/types/api';

/** A running 公示 whose end is an estimate says so, wherever its end is shown. */
export function ProvisionalEndNote({ challenge }: { challenge: Pick<Challenge, 'status' | 'publicity_ends_provisional'> }) {
  const { t } = useTranslation();
  if (challenge.status !== 'publicity' || !challenge.publicity_ends_provisional) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="publicity-end-provisional"
      message={t('calendar.endProvisional')}
      style={{ marginBottom: 16 }}
    />
  );
}
