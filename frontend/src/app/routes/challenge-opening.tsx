import { Card, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useChallenge } from '@/features/challenges/api/get-challenge';
import { CustodiansPanel } from '@/features/custody/components/custodians-panel';
import { OpeningPanel } from '@/features/custody/components/opening-panel';

export default function ChallengeOpeningRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data, error, isLoading } = useChallenge(id);
  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!data) return <div className="page">{error ? <ProblemAlert error={error} /> : <Result status="404" />}</div>;
  const c = data.data;
  return (
    <div className="page" style={{ maxWidth: 880 }}>
      <Card title={`${t('custody.openingTitle')} · ${c.title}`} extra={<Link to={`/challenges/${c.id}`}>{c.title}</Link>}>
        <CustodiansPanel challenge={c} />
        {c.sealing === 'custodians' && <OpeningPanel challengeId={c.id} custodians={c.custodians} />}
      </Card>
    </div>
  );
}
