import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SafeHighlight } from '@/components/ui/safe-highlight';
import { StatusTag } from '@/components/ui/status-tag';
import { formatWan, formatWanRange } from '@/lib/money';
import type { SearchHit } from '@/types/api';
import { statusLabel } from '../status';

const paths: Record<string, string> = {
  challenge: '/challenges/',
  demand: '/demands/',
  provider: '/providers/',
  product: '/products/',
};

export function itemPath(kind: string, id: string): string {
  return `${paths[kind] ?? '/'}${id}`;
}

// A challenge's hit carries its reward as budget_max (the index's one amount field).
function amount(hit: SearchHit): string | null {
  if (hit.budget_min == null && hit.budget_max == null) return null;
  return hit.kind === 'challenge' ? formatWan(hit.budget_max) : formatWanRange(hit.budget_min, hit.budget_max);
}

function field(hit: SearchHit, name: string): string | undefined {
  if (typeof hit.highlight === 'string') return name === 'title' ? undefined : hit.highlight;
  return hit.highlight?.[name];
}

export function SearchHits({ hits, loading }: { hits: SearchHit[]; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <List
      loading={loading}
      dataSource={hits}
      locale={{ emptyText: t('search.noHits') }}
      renderItem={(hit) => {
        const title = field(hit, 'title');
        const snippet =
          field(hit, 'summary') ?? field(hit, 'description') ?? (typeof hit.highlight === 'string' ? hit.highlight : undefined);
        return (
          <List.Item data-testid="search-hit">
            <List.Item.Meta
              title={
                <Space>
                  <Tag color="blue">{t(`kinds.${hit.kind}`)}</Tag>
                  <Link to={itemPath(hit.kind, hit.id)}>{title ? <SafeHighlight html={title} /> : hit.title}</Link>
                  {hit.status && (
                    <span data-testid="hit-status" data-status={hit.status}>
                      {hit.kind === 'challenge' ? <StatusTag status={hit.status} /> : <Tag>{statusLabel(t, hit.kind, hit.status)}</Tag>}
                    </span>
                  )}
                </Space>
              }
              description={
                <>
                  {snippet ? <SafeHighlight html={snippet} /> : <Typography.Text type="secondary">{hit.summary}</Typography.Text>}
                  {amount(hit) && (
                    <Typography.Text type="secondary" data-testid="hit-amount" style={{ display: 'block' }}>
                      {t(hit.kind === 'challenge' ? 'challenge.reward' : 'demand.budget')}: {amount(hit)}
                    </Typography.Text>
                  )}
                </>
              }
            />
          </List.Item>
        );
      }}
    />
  );
}
