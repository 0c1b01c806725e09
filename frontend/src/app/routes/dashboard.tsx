import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useDeliveryStats, useStats, useVisibleChallenges } from '@/features/dashboard/api/get-stats';
import { buildCharts, buildDeliveryCharts } from '@/features/dashboard/components/chart-options';
import { EChart } from '@/features/dashboard/components/echart';

const TOTALS = ['demands', 'challenges', 'providers', 'products', 'interests', 'deals'] as const;

export default function DashboardRoute() {
  const { t } = useTranslation();
  const stats = useStats();
  const challenges = useVisibleChallenges();
  const charts = useMemo(() => buildCharts(stats.data ?? {}, challenges.data ?? [], t), [stats.data, challenges.data, t]);
  const delivery = useDeliveryStats();
  const deliveryCharts = useMemo(() => buildDeliveryCharts(delivery.data ?? {}, t), [delivery.data, t]);

  return (
    <div className="page">
      <Typography.Title level={3}>{t('dashboard.title')}</Typography.Title>
      <ProblemAlert error={stats.error ?? challenges.error ?? delivery.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
        {TOTALS.map((k) => (
          <Col key={k} xs={12} md={4}>
            <Card size="small">
              <Statistic title={t(`dashboard.total_${k}`)} value={stats.data?.totals[k] ?? 0} loading={stats.isLoading} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.byEnd')}>
            <EChart option={charts.byEnd} title={t('dashboard.byEnd')} testId="chart-by-end" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.byDistrict')}>
            <EChart option={charts.byDistrict} title={t('dashboard.byDistrict')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.dealsOverTime')}>
            <EChart option={charts.deals} title={t('dashboard.dealsOverTime')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.dealsByMonth')}>
            <EChart option={charts.dealsByMonth} title={t('dashboard.dealsByMonth')} testId="chart-deals-by-month" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.funnel')}>
            <EChart option={charts.funnel} title={t('dashboard.funnel')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.deliveryFunnel')}>
            <EChart option={deliveryCharts.funnel} title={t('dashboard.deliveryFunnel')} testId="chart-delivery-funnel" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.deliveryFundsByEnd')}>
            <EChart option={deliveryCharts.byEnd} title={t('dashboard.deliveryFundsByEnd')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.deliveryFundsByDistrict')}>
            <EChart option={deliveryCharts.byDistrict} title={t('dashboard.deliveryFundsByDistrict')} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
