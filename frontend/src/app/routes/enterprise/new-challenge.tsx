import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateChallenge } from '@/features/challenges/api/create-challenge';
import { ChallengeForm } from '@/features/challenges/components/challenge-form/challenge-form';
import { useMessage } from '@/components/ui/feedback';
import { SealingFields } from '@/features/custody/components/sealing-fields';

export default function NewChallengeRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const message = useMessage();
  const create = useCreateChallenge();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('challengeForm.heading')}</Typography.Title>
      <ChallengeForm
        error={create.error}
        sealingFields={<SealingFields />}
        onSubmit={async (body) => {
          const c = await create.mutateAsync(body);
          void message.success(t('challengeForm.saved'));
          void navigate(`/challenges/${c.id}`);
        }}
      />
    </div>
  );
}
