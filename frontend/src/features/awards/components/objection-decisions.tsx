import { Button, Input, List, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useDecideObjection, useObjectionQueue } from '../api/review-console';

export function ObjectionDecisions({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const { data = [], isLoading } = useObjectionQueue(challengeId);
  const decide = useDecideObjection(challengeId);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  return (
    <>
      <ProblemAlert error={decide.error} />
      <List
        loading={isLoading}
        dataSource={data}
        locale={{ emptyText: t('gov.noObjections') }}
        renderItem={(o) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <div><Tag>{t(`objection.${o.status}`, { defaultValue: o.status })}</Tag>{o.grounds}</div>
              {o.status === 'submitted' && (
                <Space.Compact style={{ width: '100%' }}>
                  <Input value={answers[o.id] ?? ''} placeholder={t('gov.objectionAnswer')} onChange={(e) => setAnswers({ ...answers, [o.id]: e.target.value })} />
                  {(['upheld', 'rejected'] as const).map((outcome) => (
                    <Button
                      key={outcome}
                      danger={outcome === 'upheld'}
                      disabled={!answers[o.id]?.trim()}
                      onClick={() => decide.mutate({ id: o.id, outcome, answer: answers[o.id]?.trim() ?? '' })}
                    >
                      {t(`gov.${outcome}`)}
                    </Button>
                  ))}
                </Space.Compact>
              )}
              {o.answer && <div>{t('publicity.answer')}：{o.answer}</div>}
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}
