import { useQuery } from '@tanstack/react-query';
import { Button, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessage } from '@/components/ui/feedback';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import type { DirectoryExpert } from '@/types/api';
import { expertDirectoryQueryOptions, panelQueryOptions, useAssignExperts } from '../api/review-console';

export function expertLabel(e: DirectoryExpert): string {
  return `${e.display_name}（${e.username}${e.organisation_name ? ` · ${e.organisation_name}` : ''}）`;
}

// Experts are picked by name from the gateway's directory; the affiliation is shown because the
// workflow recuses an expert from applications of their own organisation.
export function AssignExperts({ challengeId, canAssign }: { challengeId: string; canAssign: boolean }) {
  const { t } = useTranslation();
  const message = useMessage();
  const panel = useQuery(panelQueryOptions(challengeId));
  const directory = useQuery(expertDirectoryQueryOptions());
  const assign = useAssignExperts(challengeId);
  const [ids, setIds] = useState<string[]>([]);
  const byId = new Map((directory.data ?? []).map((e) => [e.id, e]));
  const onPanel = new Set((panel.data ?? []).map((m) => m.user_id));
  const options = (directory.data ?? []).filter((e) => !onPanel.has(e.id)).map((e) => ({ value: e.id, label: expertLabel(e) }));

  return (
    <>
      <ProblemAlert error={assign.error ?? directory.error} />
      {canAssign && (
        <Space.Compact style={{ width: '100%' }}>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            value={ids}
            onChange={setIds}
            options={options}
            optionFilterProp="label"
            loading={directory.isLoading}
            placeholder={t('gov.pickExperts')}
            aria-label={t('gov.pickExperts')}
            data-testid="expert-picker"
          />
          <Button
            type="primary"
            disabled={ids.length === 0}
            loading={assign.isPending}
            onClick={() =>
              assign.mutate(ids, {
                onSuccess: () => {
                  setIds([]);
                  void message.success(t('gov.assigned'));
                },
              })
            }
          >
            {t('gov.assign')}
          </Button>
        </Space.Compact>
      )}
      <List
        style={{ marginTop: 16 }}
        header={<Typography.Text strong>{t('gov.panel')}</Typography.Text>}
        loading={panel.isLoading}
        dataSource={panel.data ?? []}
        renderItem={(m) => {
          const expert = byId.get(m.user_id);
          return (
            <List.Item data-testid="panel-member">
              <Space wrap>
                {expert ? <Typography.Text>{expertLabel(expert)}</Typography.Text> : <Typography.Text code>{m.user_id}</Typography.Text>}
                <span>{t('gov.assignedCount', { n: m.assignments })}</span>
                {m.coi_signed_at ? (
                  <Tag color="green">
                    {t('gov.coiSigned')} {formatBeijing(m.coi_signed_at)}
                  </Tag>
                ) : (
                  <Tag>{t('gov.coiPending')}</Tag>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
    </>
  );
}
