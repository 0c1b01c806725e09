import { Card, Space, Statistic, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDelivery } from '@/features/challenges/api/get-delivery';
import { formatWan } from '@/lib/money';
import { deliveryItems } from './delivery-items';

/** 执行公示: after the award, each signed agreement's public record (decision 0112); nothing before. */
export function DeliveryTimeline({ challengeId, awarded }: { challengeId: string; awarded: boolean }) {
  const { t } = useTranslation();
  const { data = [] } = useDelivery(challengeId, awarded);
  if (data.length === 0) return null;
  return (
    <Card title={t('fulfilment.title')} data-testid="delivery-timeline" style={{ marginTop: 24 }}>
      {data.map((d) => (
        <Space key={d.agreement_id} direction="vertical" style={{ width: '100%' }}>
          <Space wrap align="center">
            <Typography.Text strong>{d.winner_org_name}</Typography.Text>
            <Tag>{t(`fulfilment.status_${d.status}`)}</Tag>
          </Space>
          <Space size="large" wrap>
            <Statistic title={t('fulfilment.committed')} value={formatWan(d.committed)} />
            <Statistic title={t('fulfilment.releasedTotal')} value={formatWan(d.released)} />
            {d.withheld.length > 0 && (
              <Statistic title={t('fulfilment.withheld')} value={formatWan(d.withheld.reduce((s, w) => s + w.amount, 0))} />
            )}
          </Space>
          <Timeline
            items={deliveryItems(d, t).map((item) => ({
              key: item.key,
              color: item.tone,
              children: (
                <>
                  <Typography.Text strong>{item.title}</Typography.Text> <Typography.Text type="secondary">{item.at}</Typography.Text>
                  {item.detail && <div>{item.detail}</div>}
                </>
              ),
            }))}
          />
        </Space>
      ))}
    </Card>
  );
}
