import { Button, Empty, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import { useAnswerQuestion, useAskQuestion, useQuestions } from '../api/questions';

export function QaSection({ challengeId, canAsk, canAnswer }: { challengeId: string; canAsk: boolean; canAnswer: boolean }) {
  const { t } = useTranslation();
  const { data = [], isLoading } = useQuestions(challengeId);
  const ask = useAskQuestion(challengeId);
  const answer = useAnswerQuestion(challengeId);
  const [draft, setDraft] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});

  return (
    <div>
      <ProblemAlert error={ask.error ?? answer.error} />
      {data.length === 0 && !isLoading ? (
        <Empty description={t('qa.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          loading={isLoading}
          dataSource={data}
          renderItem={(q) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Typography.Text strong>
                  {t('qa.q')}：{q.text}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {formatBeijing(q.asked_at)}
                </Typography.Text>
                {q.answer ? (
                  <Typography.Paragraph style={{ margin: '6px 0 0' }}>
                    {t('qa.a')}：{q.answer}
                  </Typography.Paragraph>
                ) : canAnswer ? (
                  <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                    <Input
                      aria-label={t('qa.answerPlaceholder')}
                      value={answers[q.id] ?? ''}
                      placeholder={t('qa.answerPlaceholder')}
                      onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                    />
                    <Button
                      type="primary"
                      disabled={!answers[q.id]?.trim()}
                      loading={answer.isPending}
                      onClick={() => answer.mutate({ id: q.id, answer: answers[q.id]?.trim() ?? '' })}
                    >
                      {t('qa.answer')}
                    </Button>
                  </Space.Compact>
                ) : (
                  <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
                    {t('qa.awaiting')}
                  </Typography.Paragraph>
                )}
              </div>
            </List.Item>
          )}
        />
      )}
      {canAsk && (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input
            data-testid="qa-question"
            aria-label={t('qa.askPlaceholder')}
            value={draft}
            placeholder={t('qa.askPlaceholder')}
            onChange={(e) => setDraft(e.target.value)}
          />
          <Button
            type="primary"
            disabled={draft.trim().length < 5}
            loading={ask.isPending}
            onClick={() => ask.mutate(draft.trim(), { onSuccess: () => setDraft('') })}
          >
            {t('qa.ask')}
          </Button>
        </Space.Compact>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('qa.anonymous')}
      </Typography.Paragraph>
    </div>
  );
}
