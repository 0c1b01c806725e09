import { Card, Space, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import type { CodeItem } from '@/types/api';
import { codeListEntries, useCodeLists } from '../api/codelists';

export function CodeListTables() {
  const { t } = useTranslation();
  const lists = useCodeLists();
  const english = (item: CodeItem) => t(`taxonomy.${item.code}`, { lng: 'en', defaultValue: item.label_en ?? '' });
  const columns = (withGroup: boolean) => [
    { title: t('codelists.code'), dataIndex: 'code', key: 'code', width: 200 },
    { title: t('codelists.labelZh'), dataIndex: 'label_zh', key: 'label_zh' },
    { title: t('codelists.labelEn'), key: 'label_en', render: (_: unknown, item: CodeItem) => item.label_en ?? english(item) },
    ...(withGroup
      ? [
          {
            title: t('codelists.group'),
            dataIndex: 'group',
            key: 'group',
            render: (g: string | null) => (g ? t(`taxonomy.${g}`, { defaultValue: g }) : ''),
          },
        ]
      : []),
  ];

  if (lists.isLoading) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ProblemAlert error={lists.error} />
      {codeListEntries(lists.data).map(([name, items]) => (
        <Card
          key={name}
          size="small"
          title={t(`codelists.${name}`)}
          extra={<Typography.Text type="secondary">{t('codelists.count', { n: items.length })}</Typography.Text>}
          data-testid={`codelist-${name}`}
        >
          <Table<CodeItem>
            size="small"
            rowKey={(item) => `${item.group ?? ''}/${item.code}`}
            dataSource={items}
            columns={columns(items.some((item) => item.group))}
            pagination={false}
          />
        </Card>
      ))}
    </Space>
  );
}
