import { Alert, Button, Descriptions, List, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useAuth } from '@/lib/auth';
import { formatBeijing } from '@/lib/time';
import { type OpeningStatus, fetchMyShares, useOpening, useSubmitShares } from '../api/custody';
import { loadKey } from '../keystore';
import { type OpenedShares, openMyShares } from '../opening';

/** The opening's progress for everyone who reads the challenge, and the custodian's one action. */
export function OpeningPanel({ challengeId, custodians }: { challengeId: string; custodians: string[] }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const status = useOpening(challengeId);
  const submit = useSubmitShares(challengeId);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [opened, setOpened] = useState<OpenedShares | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<OpeningStatus | null>(null);
  const s = status.data;
  if (status.error) return <ProblemAlert error={status.error} />;
  if (!s) return null;
  const userId = me?.user.id;
  const isCustodian = !!userId && custodians.includes(userId);
  const mine = s.custodians.find((c) => c.user_id === userId);

  const act = async () => {
    if (!userId) return;
    setError(null);
    try {
      const key = await loadKey(userId);
      if (!key) throw new Error(t('custody.keyMissing'));
      const { items } = await fetchMyShares(challengeId);
      setProgress({ done: 0, total: items.length });
      const result = await openMyShares(items, userId, key.keyPair, (done, total) => setProgress({ done, total }));
      setOpened(result);
      setAnswer(await submit.mutateAsync({ shares: result.shares }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="opening-panel">
      <Space wrap>
        <Tag color={s.state === 'opened' ? 'green' : s.state === 'sealed' ? 'default' : 'gold'}>{t(`custody.state_${s.state}`)}</Tag>
        <Typography.Text data-testid="opening-progress">
          {t('custody.submittedOf', { submitted: s.submitted, k: s.threshold })}
        </Typography.Text>
        <Typography.Text type="secondary">{t('custody.envelopes', { n: s.envelopes })}</Typography.Text>
      </Space>
      <Descriptions column={1} size="small">
        {s.window_ends_at && <Descriptions.Item label={t('custody.windowEnds')}>{formatBeijing(s.window_ends_at)}</Descriptions.Item>}
        <Descriptions.Item label={t('custody.extensions')}>{s.extensions}</Descriptions.Item>
        {s.opened_at && <Descriptions.Item label={t('custody.openedAt')}>{formatBeijing(s.opened_at)}</Descriptions.Item>}
      </Descriptions>
      <List
        size="small"
        dataSource={s.custodians}
        renderItem={(c) => (
          <List.Item>
            <Space>
              <span>{c.display_name ?? c.user_id}</span>
              {c.submitted_at ? (
                <Tag color="green">
                  {t('custody.submittedAt')} {formatBeijing(c.submitted_at)}
                </Tag>
              ) : (
                <Tag>{t('custody.notSubmitted')}</Tag>
              )}
            </Space>
          </List.Item>
        )}
      />
      {s.failures.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('custody.failures')}
          description={
            <ul>
              {s.failures.map((f) => (
                <li key={`${f.application_id}-${f.code}-${f.custodian_id ?? ''}`}>
                  {f.application_id}: {f.reason} ({f.code})
                </li>
              ))}
            </ul>
          }
        />
      )}
      <ProblemAlert error={error} />
      {isCustodian && s.state === 'awaiting_custodians' && !mine?.submitted_at && !answer && (
        <Button type="primary" onClick={() => void act()} loading={progress !== null && !opened} data-testid="open-my-shares">
          {t('custody.openMine')}
        </Button>
      )}
      {progress && progress.total > 0 && (
        <Progress
          percent={Math.round((progress.done / progress.total) * 100)}
          format={() => t('custody.opening', { done: progress.done, total: progress.total })}
        />
      )}
      {opened && opened.otherKey.length > 0 && (
        <Alert type="warning" showIcon message={t('custody.otherKey', { n: opened.otherKey.length })} />
      )}
      {answer && (
        <Alert
          type={answer.state === 'opened' ? 'success' : 'info'}
          showIcon
          data-testid="opening-answer"
          message={t('custody.sent', { n: opened?.shares.length ?? 0 })}
          description={answer.state === 'opened' ? t('custody.openedNow') : t('custody.stillWaiting', { k: answer.threshold })}
        />
      )}
    </Space>
  );
}
