import { Button, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessage } from './feedback';
import { ProblemAlert } from './problem-alert';

export interface Decision {
  /** The decision's name: the modal's title and its OK button. */
  title: string;
  /** What will happen when it is confirmed, in plain words. */
  summary: ReactNode;
  /** The opinion field: required (reject, return…), optional (approve…) or absent (a submission). */
  opinion?: 'required' | 'optional' | 'none';
  /** The toast once it is done. */
  done: string;
  /** Sends the decision; the opinion is '' when none was written. */
  run: (opinion: string) => Promise<unknown>;
  danger?: boolean;
  /** More fields a decision needs (a due date…), and whether they are complete. */
  extra?: ReactNode;
  extraReady?: boolean;
  onDone?: () => void;
}

const MIN_OPINION = 2;

/** The one confirmation every decision goes through: a summary, the opinion, then a success toast. */
export function ConfirmDecision({ decision, onClose }: { decision: Decision | null; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [opinion, setOpinion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mode = decision?.opinion ?? 'optional';
  const missing = mode === 'required' && opinion.trim().length < MIN_OPINION;

  const close = () => {
    setOpinion('');
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!decision) return;
    setBusy(true);
    setError(null);
    try {
      await decision.run(opinion.trim());
      void message.success(decision.done);
      decision.onDone?.();
      close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={decision !== null}
      title={decision?.title}
      okText={decision?.title}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: decision?.danger, disabled: missing || decision?.extraReady === false, loading: busy }}
      onOk={() => void confirm()}
      onCancel={close}
      destroyOnHidden
    >
      <div data-testid="confirm-decision">
        <ProblemAlert error={error} />
        <Typography.Paragraph data-testid="decision-summary">{decision?.summary}</Typography.Paragraph>
        {mode !== 'none' && (
          <Input.TextArea
            rows={3}
            value={opinion}
            aria-label={t('decision.opinion')}
            placeholder={mode === 'required' ? t('decision.opinionRequired') : t('decision.opinionOptional')}
            onChange={(e) => setOpinion(e.target.value)}
          />
        )}
        {decision?.extra}
      </div>
    </Modal>
  );
}

/** A button that asks through ConfirmDecision before it decides. */
export function DecisionButton({ decision, children, ...props }: ButtonProps & { decision: Decision }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button {...props} onClick={() => setOpen(true)}>
        {children ?? decision.title}
      </Button>
      <ConfirmDecision decision={open ? decision : null} onClose={() => setOpen(false)} />
    </>
  );
}
