import { Alert } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBeijing } from '@/lib/time';
import type { Challenge } from '@/types/api';
import { useWorkdayPreview } from '../api/calendar';

/** For the reviewer about to start the 公示: when it would end, and a warning when that end is an estimate
 *  because it counts days of a year whose holiday arrangement is not confirmed yet. */
export function PublicityEndPreview({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const starts = challenge.status === 'award_approval' && (challenge.allowed_actions ?? []).includes('approve_award');
  const [now] = useState(() => new Date().toISOString());
  const preview = useWorkdayPreview(starts ? now : null, challenge.publicity_working_days);
  if (!starts || !preview.data) return null;
  const end = formatBeijing(preview.data.ends_at);
  const days = challenge.publicity_working_days;
  if (!preview.data.provisional) {
    return <Alert type="info" showIcon data-testid="publicity-end-preview" message={t('calendar.previewEnd', { end, days })} />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="publicity-provisional-warning"
      message={t('calendar.previewProvisional', { end, days })}
      description={t('calendar.previewProvisionalWhy', { years: preview.data.unconfirmed_years.join('、') })}
    />
  );
}
