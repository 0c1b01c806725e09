import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError, ProblemError } from '@/lib/problem';

export function ProblemAlert({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const stale = error instanceof ProblemError && error.status === 412;
  const allowed = error instanceof ProblemError ? error.problem.allowed_actions : undefined;
  return (
    <Alert
      type={stale ? 'warning' : 'error'}
      showIcon
      style={{ marginBottom: 16 }}
      message={describeError(error, t)}
      description={
        allowed && allowed.length > 0
          ? t('errors.allowedNow', { actions: allowed.map((a) => t(`actions.${a}`, { defaultValue: a })).join('、') })
          : undefined
      }
      action={
        stale && onReload ? (
          <Button size="small" onClick={onReload}>
            {t('common.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}
