import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDecision, type Decision } from '@/components/ui/confirm-decision';
import type { Challenge } from '@/types/api';
import { useChallengeAction } from '../api/challenge-action';
import { OPINION_NONE, REASON_ACTIONS, SCREEN_ACTIONS, visibleActions } from './visible-actions';

interface Props {
  challenge: Challenge;
  onReload: () => void;
  onScreenAction?: (action: string) => void;
}

export function ChallengeActions({ challenge, onReload, onScreenAction }: Props) {
  const { t } = useTranslation();
  const mutation = useChallengeAction();
  const [pending, setPending] = useState<Decision | null>(null);
  const actions = visibleActions(challenge);
  if (actions.length === 0) return null;
  const label = (a: string) => t(`actions.${a}`, { defaultValue: a });

  const decision = (action: string): Decision => ({
    title: label(action),
    summary: t(`decision.summary.${action}`, { defaultValue: t('decision.summary.default', { action: label(action) }) }),
    opinion: REASON_ACTIONS.has(action) ? 'required' : OPINION_NONE.has(action) ? 'none' : 'optional',
    danger: action.startsWith('reject') || action === 'cancel' || action === 'declare_unsuccessful',
    done: t('actions.done', { action: label(action) }),
    run: (opinion) =>
      mutation
        .mutateAsync({ id: challenge.id, action, version: challenge.version, body: opinion ? { reason: opinion } : {} })
        .catch((e: unknown) => {
          onReload();
          throw e;
        }),
  });

  const click = (action: string) => {
    if (SCREEN_ACTIONS.has(action)) onScreenAction?.(action);
    else setPending(decision(action));
  };

  return (
    <div>
      <Space wrap data-testid="challenge-actions">
        {actions.map((a) => (
          <Button
            key={a}
            type={a.startsWith('approve') || a === 'submit' ? 'primary' : 'default'}
            danger={a.startsWith('reject') || a === 'cancel'}
            onClick={() => click(a)}
          >
            {label(a)}
          </Button>
        ))}
      </Space>
      <ConfirmDecision decision={pending} onClose={() => setPending(null)} />
    </div>
  );
}
