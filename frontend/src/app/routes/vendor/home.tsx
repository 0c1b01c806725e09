import { useQuery } from '@tanstack/react-query';
import { Card, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MyApplications } from '@/features/applications/components/my-applications';
import { providerQueryOptions } from '@/features/catalogue/api/catalogue';
import { MyProducts } from '@/features/catalogue/components/my-products';
import { ProviderProfileForm } from '@/features/catalogue/components/provider-profile-form';
import { Recommendations } from '@/features/catalogue/components/recommendations';
import { SubscriptionsList } from '@/features/search/components/subscriptions-list';
import { useAuth } from '@/lib/auth';

export default function VendorHomeRoute() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const orgId = me?.organisation?.id ?? '';
  // A provider profile is keyed by its organisation; 404 until it is first saved.
  const provider = useQuery({ ...providerQueryOptions(orgId), enabled: Boolean(orgId) });
  return (
    <div className="page">
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        {t('vendor.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{me?.organisation?.name}</Typography.Text>
      <Card style={{ marginTop: 16 }}>
        <Tabs
          items={[
            { key: 'rec', label: t('vendor.recommendations'), children: <Recommendations /> },
            { key: 'apps', label: t('vendor.applications'), children: <MyApplications /> },
            { key: 'subs', label: t('vendor.subscriptions'), children: <SubscriptionsList /> },
            {
              key: 'profile',
              label: t('vendor.profile'),
              children: provider.isLoading ? <Skeleton active /> : <ProviderProfileForm current={provider.data} />,
            },
            { key: 'products', label: t('vendor.products'), children: <MyProducts provider={provider.data} /> },
          ]}
        />
      </Card>
    </div>
  );
}
