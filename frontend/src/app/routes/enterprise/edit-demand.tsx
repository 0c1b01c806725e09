import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMessage } from '@/components/ui/feedback';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { demandQueryOptions, findSimilar, useResubmitDemand } from '@/features/demands/api/demands';
import { DemandForm } from '@/features/demands/components/demand-form';
import type { Demand, DemandCreate } from '@/types/api';

/** The fields of a demand the owner may revise: what it was posted with. */
function asBody(d: Demand): DemandCreate {
  return {
    title: d.title,
    demand_type: d.demand_type,
    scenario_domain: d.scenario_domain,
    layer_tags: d.layer_tags,
    end_tags: d.end_tags,
    publisher_kind: d.publisher_kind,
    district: d.district,
    background: d.background,
    pain_points: d.pain_points,
    required_capabilities: d.required_capabilities,
    technical_indicators: d.technical_indicators,
    data_offered: d.data_offered,
    sites_offered: d.sites_offered,
    required_qualifications: d.required_qualifications,
    budget_min: d.budget_min,
    budget_max: d.budget_max,
    cooperation_mode: d.cooperation_mode,
    timeline: d.timeline,
    contact_name: d.contact_name,
    contact_phone: d.contact_phone,
    valid_until: d.valid_until,
  };
}

export default function EditDemandRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const message = useMessage();
  const { data: d, error, isLoading } = useQuery(demandQueryOptions(id));
  const resubmit = useResubmitDemand(id);
  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!d)
    return (
      <div className="page">
        <ProblemAlert error={error} />
      </div>
    );
  return (
    <div className="page">
      <Typography.Title level={3}>{t('demands.resubmitHeading')}</Typography.Title>
      {d.review_note && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('demands.returnReason')} description={d.review_note} />
      )}
      <DemandForm
        initial={asBody(d)}
        error={resubmit.error}
        findSimilar={findSimilar}
        onSubmit={async (body) => {
          await resubmit.mutateAsync(body);
          void message.success(t('demands.resubmitted'));
          void navigate('/enterprise');
        }}
      />
    </div>
  );
}
