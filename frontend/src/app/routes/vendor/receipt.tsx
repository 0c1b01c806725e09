import { useQuery } from '@tanstack/react-query';
import { Skeleton } from 'antd';
import { useParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { applicationQueryOptions } from '@/features/applications/api/applications';
import { challengeQueryOptions } from '@/features/challenges/api/get-challenge';
import { ReceiptCard } from '@/features/applications/components/receipt-card';
import { useAuth } from '@/lib/auth';

export default function ReceiptRoute() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const { data, error, isLoading } = useQuery(applicationQueryOptions(id));
  const challenge = useQuery({ ...challengeQueryOptions(data?.challenge_id ?? ''), enabled: Boolean(data) });
  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  return (
    <div className="page" style={{ maxWidth: 800 }}>
      <ProblemAlert error={error} />
      {data?.receipt_no && data.sha256 && data.submitted_at && (
        <ReceiptCard
          applicationId={data.id}
          receiptNo={data.receipt_no}
          sha256={data.sha256}
          submittedAt={data.submitted_at}
          challengeTitle={challenge.data?.data.title}
          organisation={data.org_name || me?.organisation?.name}
          documents={data.documents}
        />
      )}
    </div>
  );
}
