import { Input, List, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '@/components/ui/confirm-decision';
import { type ObjectionOutcome, useDecideObjection, useObjectionQueue } from '../api/review-console';

export function ObjectionDecisions({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const { data = [], isLoading } = useObjectionQueue(challengeId);
  const decide = useDecideObjection(challengeId);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  return (
    <>
      <List
        loading={isLoading}
        dataSource={data}
        locale={{ emptyText: t('gov.noObjections') }}
        renderItem={(o) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <div>
                <Tag>{t(`objection.${o.status}`, { defaultValue: o.status })}</Tag>
                {o.grounds}
              </div>
              {o.status === 'submitted' && (
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    value={answers[o.id] ?? ''}
                    placeholder={t('gov.objectionAnswer')}
                    onChange={(e) => setAnswers({ ...answers, [o.id]: e.target.value })}
                  />
                  {(['upheld', 'rejected'] satisfies ObjectionOutcome[]).map((outcome) => (
                    <DecisionButton
                      key={outcome}
                      danger={outcome === 'upheld'}
                      disabled={!answers[o.id]?.trim()}
                      decision={{
                        title: t(`gov.${outcome}`),
                        // The written answer is the opinion: it is published with the decision.
                        summary: t(`decision.summary.objection_${outcome}`, { answer: answers[o.id]?.trim() ?? '' }),
                        opinion: 'none',
                        danger: outcome === 'upheld',
                        done: t('actions.done', { action: t(`gov.${outcome}`) }),
                        run: () => decide.mutateAsync({ id: o.id, outcome, answer: answers[o.id]?.trim() ?? '' }),
                      }}
                    />
                  ))}
                </Space.Compact>
              )}
              {o.answer && (
                <div>
                  {t('publicity.answer')}：{o.answer}
                </div>
              )}
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}
