import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { remaining } from '@/lib/time';

export function Countdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  const r = remaining(deadline, now);
  if (r.past) return <Tag color="default">{t('time.closed')}</Tag>;
  return (
    <Tag color={r.days < 1 ? 'red' : r.days < 3 ? 'orange' : 'blue'} data-testid="countdown">
      {t('time.remaining', { d: r.days, h: r.hours, m: r.minutes, s: r.seconds })}
    </Tag>
  );
}
