import type { TFunction } from 'i18next';
import { formatWan } from '@/lib/money';
import { formatBeijing } from '@/lib/time';
import type { Delivery, DeliveryEvent } from '@/types/api';

export type Tone = 'green' | 'orange' | 'red' | 'blue' | 'gray';

export interface DeliveryItem {
  key: string;
  tone: Tone;
  title: string;
  detail: string;
  at: string;
}

const TONE: Record<string, Tone> = {
  met: 'green',
  passed: 'green',
  partially_met: 'orange',
  rectification: 'orange',
  not_met: 'red',
  failed: 'red',
};

/** Pure: one timeline item per public event, in the order the API gives, then what is still ahead. */
export function deliveryItems(d: Delivery, t: TFunction): DeliveryItem[] {
  const done = d.events.map((e: DeliveryEvent, i): DeliveryItem => {
    const at = formatBeijing(e.at);
    const key = `${e.kind}-${i}`;
    if (e.kind === 'signed') return { key, tone: 'blue', title: t('fulfilment.signed'), detail: d.winner_org_name, at };
    if (e.kind === 'tranche_released')
      return {
        key,
        tone: 'green',
        title: t('fulfilment.released', { title: e.title }),
        detail: `${formatWan(e.amount)} · ${e.payer_name} → ${d.winner_org_name}`,
        at,
      };
    const outcome = e.outcome ?? '';
    if (e.kind === 'acceptance_decided') {
      const date = e.resubmit_by ? t('fulfilment.resubmitBy', { date: e.resubmit_by }) : '';
      return {
        key,
        tone: TONE[outcome] ?? 'gray',
        title: t(`fulfilment.acceptance_${outcome}`),
        detail: [e.note, date].filter(Boolean).join(' · '),
        at,
      };
    }
    return {
      key,
      tone: TONE[outcome] ?? 'gray',
      title: t('fulfilment.assessed', { milestone: e.milestone_title ?? e.milestone ?? '', outcome: t(`fulfilment.outcome_${outcome}`) }),
      detail: e.note,
      at,
    };
  });
  const ended = d.status === 'completed' || d.status === 'failed';
  const ahead = ended
    ? []
    : d.milestones
        .filter((m) => m.status !== 'met')
        .map((m): DeliveryItem => ({
          key: `due-${m.key}`,
          tone: 'gray',
          title: t('fulfilment.due', { milestone: m.title }),
          detail: '',
          at: t('fulfilment.dueOn', { date: m.due_on }),
        }));
  return [...done, ...ahead];
}
