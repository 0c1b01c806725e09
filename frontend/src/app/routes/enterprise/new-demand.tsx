import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { findSimilar, useCreateDemand } from '@/features/demands/api/demands';
import { DemandForm } from '@/features/demands/components/demand-form';
import { useMessage } from '@/components/ui/feedback';

export default function NewDemandRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const message = useMessage();
  const create = useCreateDemand();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('demandForm.heading')}</Typography.Title>
      <DemandForm
        error={create.error}
        findSimilar={findSimilar}
        onSubmit={async (body) => {
          const d = await create.mutateAsync(body);
          void message.success(t('demandForm.submitted'));
          void navigate(`/demands/${d.id}`);
        }}
      />
    </div>
  );
}
