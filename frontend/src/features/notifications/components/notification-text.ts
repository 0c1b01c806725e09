import { formatBeijing } from '@/lib/time';
import type { BellItem, Delivery } from '../api/get-notifications';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;

/**
 * A notification's title and body in the chosen language. The services write Chinese titles, but
 * the qualification result carries its code (eligible…) and texts may hold ISO UTC times: codes go
 * through their labels, times are shown in Beijing time.
 */
export function notificationText(n: BellItem, t: Translate): { title: string; body: string } {
  const beijing = (text: string) => text.replace(ISO_TIME, (iso) => `${formatBeijing(iso)}${t('time.beijing')}`);
  let title = n.title;
  if (n.kind === 'application.qualification') {
    const code = n.title.split('：').pop()?.trim() ?? '';
    title = t('notifications.qualification', { result: t(`application.${code}`, { defaultValue: code }) });
  }
  if (n.source === 'matching' && (n.kind === 'demand.approved' || n.kind === 'demand.returned')) {
    title = t(`demands.notification.${n.kind.slice('demand.'.length)}`, { title: n.title });
  }
  return { title: beijing(title), body: beijing(n.body) };
}

/** “邮件已发送”, “短信发送中（已尝试 2 次）”… for one delivery of a notice. */
export function deliveryText(d: Delivery, t: Translate): string {
  const channel = t(`delivery.${d.channel}`);
  if (d.state === 'pending' && d.attempts > 0) return t('delivery.retrying', { channel, attempts: d.attempts });
  return t(`delivery.${d.state}`, { channel });
}
