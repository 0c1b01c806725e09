import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBeijing } from '@/lib/time';
import { useAmendments } from '../api/questions';

export function Amendments({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const { data = [] } = useAmendments(challengeId);
  if (data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenge.noAmendments')} />;
  return (
    <Timeline
      items={data.map((a) => ({
        children: (
          <>
            <Typography.Text strong>{formatBeijing(a.at)}</Typography.Text>
            <div>
              {t('challenge.amendReason')}：{a.reason}
            </div>
            {a.diff && (
              <Typography.Text type="secondary">
                {t('challenge.changedFields')}：{Object.keys(a.diff).join('、')}
              </Typography.Text>
            )}
          </>
        ),
      }))}
    />
  );
}
