import { Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/lib/auth';
import { useCandidates, useChallengeCustodians } from '../api/custody';
import { fingerprintDisplay } from '../keystore';

interface Props {
  challenge: { id: string; sealing: 'service' | 'custodians'; custodians: string[]; custodian_threshold: number };
}

/** The sealing mode, the custodians (name, organisation, fingerprint) and k: what a reviewer approves. */
export function CustodiansPanel({ challenge }: Props) {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const custodial = challenge.sealing === 'custodians';
  const keys = useChallengeCustodians(challenge.id, custodial);
  const mayList = hasRole('enterprise') || hasRole('gov_reviewer') || hasRole('admin');
  const candidates = useCandidates(custodial && mayList);
  const who = new Map((candidates.data?.items ?? []).map((c) => [c.user_id, c]));
  const fingerprints = new Map((keys.data?.custodians ?? []).map((c) => [c.user_id, c.fingerprint]));
  return (
    <div data-testid="custodians-panel">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('custody.sealing')}>
          <Tag color={custodial ? 'purple' : 'default'}>{t(`custody.sealing_${challenge.sealing}`)}</Tag>
        </Descriptions.Item>
        {custodial && (
          <Descriptions.Item label={t('custody.threshold')}>
            {t('custody.thresholdOf', { k: challenge.custodian_threshold, n: challenge.custodians.length })}
          </Descriptions.Item>
        )}
      </Descriptions>
      {custodial && (
        <Table
          size="small"
          pagination={false}
          rowKey="user_id"
          dataSource={challenge.custodians.map((user_id) => ({ user_id }))}
          columns={[
            {
              title: t('custody.custodians'),
              key: 'name',
              render: (_: unknown, r: { user_id: string }) => {
                const c = who.get(r.user_id);
                return c ? `${c.display_name}（${t(`custody.role_${c.role}`)}）` : r.user_id;
              },
            },
            {
              title: t('custody.organisation'),
              key: 'org',
              render: (_: unknown, r: { user_id: string }) => who.get(r.user_id)?.organisation_name ?? '—',
            },
            {
              title: t('custody.fingerprint'),
              key: 'fp',
              render: (_: unknown, r: { user_id: string }) => {
                const fp = fingerprints.get(r.user_id);
                return fp ? (
                  <Typography.Text code>{fingerprintDisplay(fp)}</Typography.Text>
                ) : (
                  <Tag color="orange">{t('custody.noKeyReason')}</Tag>
                );
              },
            },
          ]}
        />
      )}
    </div>
  );
}
