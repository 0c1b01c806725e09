import { Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Term } from '@/components/ui/term';
import { formatWanRange } from '@/lib/money';
import { formatDate } from '@/lib/time';
import type { Demand } from '@/types/api';

/** The whole of a demand as its page shows it: the reviewers' queue shows the same, so they decide on what gets published. */
export function DemandDetails({ demand: d }: { demand: Demand }) {
  const { t } = useTranslation();
  const budget = formatWanRange(d.budget_min, d.budget_max);
  const sections: [string, string][] = [
    ['demand.background', d.background],
    ['demand.painPoints', d.pain_points],
    ['demand.capabilities', [d.required_capabilities, d.technical_indicators].filter(Boolean).join('\n')],
    ['demand.dataOffered', d.data_offered],
    ['demand.sitesOffered', d.sites_offered],
    ['demand.timeline', d.timeline],
  ];
  return (
    <div data-testid="demand-details">
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {d.title}
        </Typography.Title>
        {d.code && <Typography.Text type="secondary">{d.code}</Typography.Text>}
      </Space>
      <Space wrap style={{ margin: '12px 0' }}>
        {d.end_tags.map((x) => (
          <Term key={x} value={x} color="blue" />
        ))}
        {d.layer_tags.map((x) => (
          <Term key={x} value={x} />
        ))}
        {d.scenario_domain && <Term value={d.scenario_domain} />}
        {d.district && <Term value={d.district} />}
        {d.required_qualifications.map((x) => (
          <Term key={x} value={x} color="gold" />
        ))}
      </Space>
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('demand.publisher')}>{d.publisher_name || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('demand.type')}>{t(`demandType.${d.demand_type}`, { defaultValue: d.demand_type })}</Descriptions.Item>
        <Descriptions.Item label={t('demand.budget')}>{budget}</Descriptions.Item>
        <Descriptions.Item label={t('demand.cooperation')}>{d.cooperation_mode || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('demand.validUntil')}>{formatDate(d.valid_until)}</Descriptions.Item>
        <Descriptions.Item label={t('demand.contact')}>
          {[d.contact_name, d.contact_phone].filter(Boolean).join(' ') || '—'}
        </Descriptions.Item>
      </Descriptions>
      {sections
        .filter(([, text]) => text)
        .map(([key, text]) => (
          <div key={key}>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t(key)}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Paragraph>
          </div>
        ))}
    </div>
  );
}
