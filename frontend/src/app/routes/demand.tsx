import { Button, Card, Descriptions, Input, Result, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { Term } from '@/components/ui/term';
import { useDemand, useExpressInterest } from '@/features/demands/api/demands';
import { useAuth } from '@/lib/auth';
import { formatWanRange } from '@/lib/money';
import { formatDate } from '@/lib/time';

export default function DemandRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const { data: d, error, isLoading } = useDemand(id);
  const interest = useExpressInterest(id);
  const [proposal, setProposal] = useState('');
  if (isLoading) return <div className="page"><Skeleton active /></div>;
  if (!d) return <div className="page">{error ? <ProblemAlert error={error} /> : <Result status="404" />}</div>;
  const sections: [string, string][] = [
    ['demand.background', d.background],
    ['demand.painPoints', d.pain_points],
    ['demand.capabilities', [d.required_capabilities, d.technical_indicators].filter(Boolean).join('\n')],
    ['demand.dataOffered', d.data_offered],
    ['demand.sitesOffered', d.sites_offered],
    ['demand.timeline', d.timeline],
  ];

  return (
    <div className="page">
      <Card>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>{d.title}</Typography.Title>
          {d.code && <Typography.Text type="secondary">{d.code}</Typography.Text>}
        </Space>
        <Space wrap style={{ margin: '12px 0' }}>
          {d.end_tags.map((x) => <Term key={x} value={x} color="blue" />)}
          {d.layer_tags.map((x) => <Term key={x} value={x} />)}
          {d.scenario_domain && <Term value={d.scenario_domain} />}
          {d.district && <Term value={d.district} />}
          {d.required_qualifications.map((x) => <Term key={x} value={x} color="gold" />)}
        </Space>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('demand.publisher')}>{d.publisher_name || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('demand.type')}>{t(`demandType.${d.demand_type}`, { defaultValue: d.demand_type })}</Descriptions.Item>
          <Descriptions.Item label={t('demand.budget')}>{formatWanRange(d.budget_min, d.budget_max)}</Descriptions.Item>
          <Descriptions.Item label={t('demand.cooperation')}>{d.cooperation_mode || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('demand.validUntil')}>{formatDate(d.valid_until)}</Descriptions.Item>
          <Descriptions.Item label={t('demand.contact')}>{[d.contact_name, d.contact_phone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
        </Descriptions>
        {sections
          .filter(([, text]) => text)
          .map(([key, text]) => (
            <div key={key}>
              <Typography.Title level={5} style={{ marginTop: 16 }}>{t(key)}</Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Paragraph>
            </div>
          ))}
      </Card>
      {hasRole('vendor') && (
        <Card title={t('demand.interest')} style={{ marginTop: 24 }}>
          <ProblemAlert error={interest.error} />
          {interest.isSuccess ? (
            <Result status="success" title={t('demand.interestSent')} />
          ) : (
            <>
              <Input.TextArea rows={3} value={proposal} maxLength={500} showCount placeholder={t('demand.proposal')} onChange={(e) => setProposal(e.target.value)} />
              <Button type="primary" style={{ marginTop: 8 }} disabled={proposal.trim().length < 10} loading={interest.isPending} onClick={() => interest.mutate({ proposal: proposal.trim() })}>
                {t('demand.sendInterest')}
              </Button>
            </>
          )}
        </Card>
      )}
    </div>
  );
}
