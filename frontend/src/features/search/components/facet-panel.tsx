import { Card, Checkbox, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FACET_PARAM } from '../api/search';
import { statusLabel } from '../status';

interface Props {
  /** The kind searched ('' for all): statuses are offered only within one kind. */
  kind: string;
  facets: Record<string, Record<string, number>>;
  /** Selected values by query parameter name. */
  selected: Record<string, string[]>;
  onToggle: (param: string, value: string) => void;
}

export function FacetPanel({ kind, facets, selected, onToggle }: Props) {
  const { t } = useTranslation();
  const facetValueLabel = (name: string, value: string) => {
    if (name === 'verified') return t(value === 'true' ? 'provider.verified' : 'search.unverified');
    if (name === 'status') return statusLabel(t, kind, value);
    if (name === 'recognition_levels') return t(`level.${value}`, { defaultValue: value });
    return t(`taxonomy.${value}`, { defaultValue: value });
  };
  const names = Object.keys(facets).filter((n) => FACET_PARAM[n] && Object.keys(facets[n] ?? {}).length > 0 && (n !== 'status' || kind));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="facets">
      {names.map((name) => (
        <Card key={name} size="small" title={t(`facets.${name}`, { defaultValue: name })} data-facet={name}>
          {Object.entries(facets[name] ?? {})
            .sort((a, b) => b[1] - a[1])
            .slice(0, 12)
            .map(([value, count]) => (
              <div key={value}>
                <Checkbox
                  checked={selected[FACET_PARAM[name] ?? name]?.includes(value) ?? false}
                  onChange={() => onToggle(FACET_PARAM[name] ?? name, value)}
                >
                  {facetValueLabel(name, value)}
                </Checkbox>
                <Typography.Text type="secondary"> {count}</Typography.Text>
              </div>
            ))}
        </Card>
      ))}
    </Space>
  );
}
