import { useQuery } from '@tanstack/react-query';
import { Button, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessage } from '@/components/ui/feedback';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import { panelQueryOptions, useAssignExperts } from '../api/review-console';

// The gateway offers reviewers no user directory, so experts are entered by user id.
export function AssignExperts({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const message = useMessage();
  const panel = useQuery(panelQueryOptions(challengeId));
  const assign = useAssignExperts(challengeId);
  const [ids, setIds] = useState<string[]>([]);
  return (
    <>
      <ProblemAlert error={assign.error} />
      <Space.Compact style={{ width: '100%' }}>
        <Select mode="tags" style={{ width: '100%' }} value={ids} onChange={setIds} placeholder={t('gov.pickExperts')} open={false} aria-label={t('gov.pickExperts')} />
        <Button
          type="primary"
          disabled={ids.length === 0}
          loading={assign.isPending}
          onClick={() => assign.mutate(ids, { onSuccess: () => { setIds([]); void message.success(t('gov.assigned')); } })}
        >
          {t('gov.assign')}
        </Button>
      </Space.Compact>
      <List
        style={{ marginTop: 16 }}
        header={<Typography.Text strong>{t('gov.panel')}</Typography.Text>}
        loading={panel.isLoading}
        dataSource={panel.data ?? []}
        renderItem={(m) => (
          <List.Item>
            <Space>
              <Typography.Text code>{m.user_id}</Typography.Text>
              <span>{t('gov.reviews')}: {m.assignments}</span>
              {m.coi_signed_at ? <Tag color="green">{t('gov.coiSigned')} {formatBeijing(m.coi_signed_at)}</Tag> : <Tag>{t('gov.coiPending')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}
