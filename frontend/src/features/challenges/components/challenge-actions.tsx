import { Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import type { Challenge } from '@/types/api';
import { useChallengeAction } from '../api/challenge-action';
import { REASON_ACTIONS, SCREEN_ACTIONS, visibleActions } from './visible-actions';
import { useMessage } from '@/components/ui/feedback';

interface Props {
  challenge: Challenge;
  onReload: () => void;
  onScreenAction?: (action: string) => void;
}

export function ChallengeActions({ challenge, onReload, onScreenAction }: Props) {
  const { t } = useTranslation();
  const message = useMessage();
  const mutation = useChallengeAction();
  const [pending, setPending] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const actions = visibleActions(challenge);
  if (actions.length === 0) return null;

  const send = async (action: string, withReason?: string) => {
    await mutation.mutateAsync({
      id: challenge.id,
      action,
      version: challenge.version,
      body: withReason ? { reason: withReason } : {},
    });
    void message.success(t('actions.done', { action: t(`actions.${action}`, { defaultValue: action }) }));
    setPending(null);
    setReason('');
  };

  const click = (action: string) => {
    if (SCREEN_ACTIONS.has(action)) onScreenAction?.(action);
    else if (REASON_ACTIONS.has(action)) setPending(action);
    else void send(action).catch(() => undefined);
  };

  return (
    <div>
      {mutation.error && <ProblemAlert error={mutation.error} onReload={() => { mutation.reset(); onReload(); }} />}
      <Space wrap data-testid="challenge-actions">
        {actions.map((a) => (
          <Button
            key={a}
            type={a.startsWith('approve') || a === 'submit' ? 'primary' : 'default'}
            danger={a.startsWith('reject') || a === 'cancel'}
            loading={mutation.isPending && mutation.variables?.action === a}
            onClick={() => click(a)}
          >
            {t(`actions.${a}`, { defaultValue: a })}
          </Button>
        ))}
      </Space>
      <Modal
        open={pending !== null}
        title={pending ? t(`actions.${pending}`, { defaultValue: pending }) : ''}
        okButtonProps={{ disabled: reason.trim().length < 2, loading: mutation.isPending }}
        onOk={() => pending && void send(pending, reason.trim()).catch(() => undefined)}
        onCancel={() => setPending(null)}
      >
        <Input.TextArea rows={4} value={reason} placeholder={t('actions.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </div>
  );
}
