import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useChallenge } from '@/features/challenges/api/get-challenge';
import { AuditChain } from '@/features/challenges/components/audit-chain';

export default function ChallengeAuditRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data } = useChallenge(id);
  return (
    <div className="page">
      <Link to={`/challenges/${id}`}>← {t('operator.audit.back')}</Link>
      <Typography.Title level={3}>{t('operator.audit.title')}</Typography.Title>
      {data && <Typography.Paragraph type="secondary">{data.data.title}</Typography.Paragraph>}
      <Typography.Paragraph type="secondary">{t('operator.audit.intro')}</Typography.Paragraph>
      <Card>
        <AuditChain challengeId={id} />
      </Card>
    </div>
  );
}
