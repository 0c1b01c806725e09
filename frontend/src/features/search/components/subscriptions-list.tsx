import { useQuery } from '@tanstack/react-query';
import { List } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import { subscriptionHref, subscriptionsQueryOptions } from '../api/subscriptions';

export function SubscriptionsList() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(subscriptionsQueryOptions());
  return (
    <>
      <ProblemAlert error={error} />
      <List
        loading={isLoading}
        dataSource={data}
        locale={{ emptyText: t('search.noSaved') }}
        renderItem={(s) => (
          <List.Item extra={formatBeijing(s.created_at)}>
            <Link to={subscriptionHref(s)}>{s.name}</Link>
          </List.Item>
        )}
      />
    </>
  );
}
