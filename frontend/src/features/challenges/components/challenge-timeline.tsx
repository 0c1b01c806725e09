import { Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHALLENGE_STATES } from '@/config/taxonomy';
import { formatBeijing } from '@/lib/time';
import { useTransitions } from '@/lib/transitions';
import type { Challenge, Transition } from '@/types/api';

type Stage = (typeof CHALLENGE_STATES)[number];

export function ChallengeTimeline({ challenge }: { challenge: Pick<Challenge, 'id' | 'status' | 'version' | 'created_at'> }) {
  const { t } = useTranslation();
  const { data: transitions = [] } = useTransitions(challenge.id, challenge.version);
  const terminal = challenge.status === 'cancelled' || challenge.status === 'unsuccessful';
  // The latest time each state was entered (a state re-entered after an upheld objection counts anew).
  const reachedAt = new Map<string, string>([['draft', challenge.created_at]]);
  for (const tr of transitions) reachedAt.set(tr.to_status, tr.at);
  const index = (s: string) => CHALLENGE_STATES.indexOf(s as Stage);
  const current = terminal ? Math.max(0, ...transitions.map((tr) => index(tr.from_status))) : index(challenge.status);

  // A reviewer's or owner's reason is shown as written; the scheduler's is an English sentence
  // with counts, told again in the chosen language.
  const reasonOf = (tr: Transition | undefined) => {
    if (!tr?.reason) return '';
    if (!tr.actor.startsWith('system:')) return `：${tr.reason}`;
    const [n = '', m = ''] = tr.reason.match(/\d+/g) ?? [];
    return `：${t(`transitionReason.${tr.action}`, { n, m, defaultValue: '' })}`;
  };

  return (
    <>
      <Steps
        size="small"
        current={current}
        status={terminal ? 'error' : challenge.status === 'awarded' ? 'finish' : 'process'}
        items={CHALLENGE_STATES.map((s, i) => ({
          title: t(`status.${s}`),
          description: i <= current && reachedAt.has(s) ? formatBeijing(reachedAt.get(s)) : undefined,
        }))}
      />
      {terminal && (
        <Typography.Paragraph type="danger" style={{ marginTop: 12 }}>
          {t(`status.${challenge.status}`)}
          {reasonOf(transitions.at(-1))}
        </Typography.Paragraph>
      )}
    </>
  );
}
