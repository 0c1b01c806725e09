import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '@/components/ui/confirm-decision';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import type { OutboxEvent } from '@/types/api';
import { deadLettersQueryOptions, useRetryEvent } from '../api/outbox';

/** Events the outbox gave up delivering, with why, and a way to put each back in the queue. */
export function DeadLettersTable() {
  const { t } = useTranslation();
  const { data = [], isLoading, error } = useQuery(deadLettersQueryOptions());
  const retry = useRetryEvent();
  const [retried, setRetried] = useState<OutboxEvent | null>(null);
  return (
    <>
      <ProblemAlert error={error} />
      {retried && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setRetried(null)}
          data-testid="dead-letter-retried"
          style={{ marginBottom: 16 }}
          message={t('operator.deadLetters.retried', { topic: retried.topic, at: formatBeijing(retried.next_attempt_at) })}
        />
      )}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        data-testid="dead-letters"
        locale={{ emptyText: t('operator.deadLetters.empty') }}
        columns={[
          { title: t('operator.deadLetters.topic'), dataIndex: 'topic' },
          {
            title: t('operator.deadLetters.key'),
            dataIndex: 'key',
            render: (k: string) => <Typography.Text code>{k.slice(0, 8)}</Typography.Text>,
          },
          {
            title: t('operator.deadLetters.error'),
            dataIndex: 'last_error',
            render: (e: string) => (
              <Typography.Paragraph type="danger" ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
                {e}
              </Typography.Paragraph>
            ),
          },
          { title: t('operator.deadLetters.attempts'), dataIndex: 'attempts' },
          { title: t('operator.deadLetters.createdAt'), dataIndex: 'created_at', render: (v: string) => formatBeijing(v, true) },
          { title: t('operator.deadLetters.failedAt'), dataIndex: 'failed_at', render: (v: string | null) => formatBeijing(v, true) },
          {
            title: t('common.actions'),
            render: (_: unknown, e: OutboxEvent) => (
              <DecisionButton
                size="small"
                decision={{
                  title: t('operator.deadLetters.retry'),
                  summary: t('operator.deadLetters.retryConfirm', { topic: e.topic, attempts: e.attempts }),
                  opinion: 'none',
                  done: t('operator.deadLetters.retryDone'),
                  run: async () => setRetried(await retry.mutateAsync(e.id)),
                }}
              >
                {t('operator.deadLetters.retry')}
              </DecisionButton>
            ),
          },
        ]}
      />
    </>
  );
}
