import { FilterOutlined } from '@ant-design/icons';
import { Button, Col, Drawer, Grid, Pagination, Row, Segmented, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { PAGE_SIZE, readSearchParams, useSearch } from '@/features/search/api/search';
import { BudgetFilter, budgetOf } from '@/features/search/components/budget-filter';
import { FacetPanel } from '@/features/search/components/facet-panel';
import { SearchBox } from '@/features/search/components/search-box';
import { SaveSearchButton } from '@/features/search/components/save-search-button';
import { SearchHits } from '@/features/search/components/search-hits';
import { useAuth } from '@/lib/auth';

const KINDS = ['', 'challenge', 'demand', 'provider', 'product'] as const;

export default function SearchRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const model = readSearchParams(params);
  const { data, isFetching, error } = useSearch(model);
  const { hasRole } = useAuth();
  // Phones: the facets wait behind a button, so the first result shows in the first screenful.
  const narrow = !Grid.useBreakpoint().md;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const chosen = Object.values(model.facets).reduce((n, values) => n + values.length, 0);

  const update = (mutate: (p: URLSearchParams) => void, resetPage = true) => {
    const next = new URLSearchParams(params);
    mutate(next);
    if (resetPage) next.delete('page');
    setParams(next);
  };

  const toggleFacet = (facet: string, value: string) =>
    update((p) => {
      const values = p.getAll(facet);
      p.delete(facet);
      const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
      next.forEach((v) => p.append(facet, v));
    });

  const budget = budgetOf(model.facets);
  const setBudget = (min: number | null, max: number | null) =>
    update((p) => {
      if (min == null) p.delete('budget_min');
      else p.set('budget_min', String(min));
      if (max == null) p.delete('budget_max');
      else p.set('budget_max', String(max));
    });
  const facets = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {/* Keyed by the URL's values, so that going back or a shared link shows the range it searches. */}
      <BudgetFilter key={`${budget.min}-${budget.max}`} min={budget.min} max={budget.max} onApply={setBudget} />
      <FacetPanel kind={model.kind} facets={data?.facets ?? {}} selected={model.facets} onToggle={toggleFacet} />
    </Space>
  );

  return (
    <div className="page">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <SearchBox key={model.q} defaultValue={model.q} onSearch={(q) => update((p) => (q ? p.set('q', q) : p.delete('q')))} />
        <Space wrap>
          <Segmented
            value={model.kind}
            options={KINDS.map((k) => ({ value: k, label: t(k ? `kinds.${k}` : 'kinds.all') }))}
            onChange={(k) =>
              update((p) => {
                // A status belongs to one kind (揭榜中 is a challenge's, 已认证 a provider's): it does not carry over.
                p.delete('status');
                if (k) p.set('kind', String(k));
                else p.delete('kind');
              })
            }
          />
          <Select
            value={model.sort}
            style={{ width: 180 }}
            aria-label={t('a11y.sortLabel')}
            onChange={(s) => update((p) => (s ? p.set('sort', s) : p.delete('sort')))}
            options={[
              { value: '', label: t('search.sortRelevance') },
              { value: 'deadline:asc', label: t('search.sortDeadline') },
              { value: 'published_at:desc', label: t('search.sortNewest') },
              { value: 'budget_max:desc', label: t('search.sortBudget') },
            ]}
          />
          {data && <Typography.Text type="secondary">{t('search.total', { total: data.total })}</Typography.Text>}
          {hasRole('vendor') && <SaveSearchButton model={model} />}
          {narrow && (
            <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen(true)} data-testid="open-filters">
              {chosen ? t('a11y.filtersCount', { n: chosen }) : t('a11y.filters')}
            </Button>
          )}
        </Space>
        <ProblemAlert error={error} />
        <Row gutter={24}>
          {narrow ? (
            <Drawer title={t('a11y.filters')} placement="bottom" size="80%" open={filtersOpen} onClose={() => setFiltersOpen(false)}>
              {facets}
            </Drawer>
          ) : (
            <Col md={7}>{facets}</Col>
          )}
          <Col xs={24} md={17}>
            <SearchHits hits={data?.hits ?? []} loading={isFetching} />
            {data && data.total > PAGE_SIZE && (
              <Pagination
                style={{ marginTop: 16 }}
                current={model.page}
                pageSize={PAGE_SIZE}
                total={data.total}
                showSizeChanger={false}
                onChange={(page) => update((p) => p.set('page', String(page)), false)}
              />
            )}
          </Col>
        </Row>
      </Space>
    </div>
  );
}
