import type { TFunction } from 'i18next';

/**
 * A hit's status means something different by kind: a challenge's step in its lifecycle (揭榜中, 已揭榜 …), a
 * provider's verification, a product's or a demand's validity. Labelled by kind, never mixed.
 */
export function statusLabel(t: TFunction, kind: string, status: string): string {
  return kind === 'challenge'
    ? t(`status.${status}`, { defaultValue: status })
    : t(`search.statusValue.${status}`, { defaultValue: status });
}
