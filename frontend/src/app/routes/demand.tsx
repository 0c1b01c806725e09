import { Alert, Card, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useDemand, useExpressInterest } from '@/features/demands/api/demands';
import { DemandDetails } from '@/features/demands/components/demand-details';
import { InterestForm } from '@/features/demands/components/interest-form';
import { useAuth } from '@/lib/auth';

export default function DemandRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const { data: d, error, isLoading } = useDemand(id);
  const interest = useExpressInterest(id);
  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!d) return <div className="page">{error ? <ProblemAlert error={error} /> : <Result status="404" />}</div>;
  return (
    <div className="page">
      {d.status !== 'published' && (
        <Alert
          type={d.status === 'returned' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="demand-not-public"
          message={t('demands.notPublic', { status: t(`demandStatus.${d.status}`, { defaultValue: d.status }) })}
          description={d.review_note ? `${t('demands.returnReason')}：${d.review_note}` : undefined}
        />
      )}
      <Card>
        <DemandDetails demand={d} />
      </Card>
      {hasRole('vendor') && (
        <Card title={t('demand.interest')} style={{ marginTop: 24 }}>
          <ProblemAlert error={interest.error} />
          {interest.isSuccess ? (
            <Result status="success" title={t('demand.interestSent')} />
          ) : (
            <InterestForm busy={interest.isPending} onSubmit={(body) => interest.mutate(body)} />
          )}
        </Card>
      )}
    </div>
  );
}
