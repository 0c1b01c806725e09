import { Button, Card, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WanInput } from '@/components/ui/wan-input';

interface Props {
  min: number | null;
  max: number | null;
  /** Both ends in 万元, as the search API's budget_min / budget_max take them; null leaves that end open. */
  onApply: (min: number | null, max: number | null) => void;
}

const toNumber = (v: string | undefined) => (v == null || v === '' || Number.isNaN(Number(v)) ? null : Number(v));

export const budgetOf = (facets: Record<string, string[]>) => ({
  min: toNumber(facets.budget_min?.[0]),
  max: toNumber(facets.budget_max?.[0]),
});

/** The budget range of the search: a demand qualifies when its budget reaches into it, a challenge by its reward. */
export function BudgetFilter({ min, max, onApply }: Props) {
  const { t } = useTranslation();
  const [low, setLow] = useState<number | null>(min);
  const [high, setHigh] = useState<number | null>(max);
  const apply = () => onApply(low, high);
  return (
    <Card size="small" title={t('search.budgetRange')} data-testid="budget-filter">
      <Space direction="vertical" style={{ width: '100%' }}>
        <WanInput
          aria-label={t('search.budgetFrom')}
          placeholder={t('search.budgetFrom')}
          style={{ width: '100%' }}
          value={low}
          onChange={(v) => setLow(v ?? null)}
          onPressEnter={apply}
        />
        <WanInput
          aria-label={t('search.budgetTo')}
          placeholder={t('search.budgetTo')}
          style={{ width: '100%' }}
          value={high}
          onChange={(v) => setHigh(v ?? null)}
          onPressEnter={apply}
        />
        <Space>
          <Button type="primary" size="small" onClick={apply}>
            {t('search.applyBudget')}
          </Button>
          {(min != null || max != null) && (
            <Button
              size="small"
              onClick={() => {
                setLow(null);
                setHigh(null);
                onApply(null, null);
              }}
            >
              {t('search.clearBudget')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
