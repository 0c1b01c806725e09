import { Card, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { Term } from '@/components/ui/term';
import { useProduct } from '@/features/catalogue/api/catalogue';
import { formatDate } from '@/lib/time';

export default function ProductRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data: p, error, isLoading } = useProduct(id);
  if (isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!p) return <div className="page">{error ? <ProblemAlert error={error} /> : <Result status="404" />}</div>;
  return (
    <div className="page">
      <Card>
        <Typography.Title level={3}>{p.name}</Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          {p.category && <Term value={p.category} color="blue" />}
          <Link to={`/providers/${p.owner_org_id}`}>{p.owner_name || t('product.provider')}</Link>
          {p.end_tags.map((x) => (
            <Term key={x} value={x} color="blue" />
          ))}
        </Space>
        <Typography.Paragraph>{p.summary}</Typography.Paragraph>
        <Typography.Title level={5}>{t('product.recognitions')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.scheme}-${r.certificate_no ?? ''}`}
          dataSource={p.recognitions}
          columns={[
            { title: t('product.scheme'), dataIndex: 'scheme', render: (v: string) => <Term value={v} color="gold" /> },
            { title: t('provider.level'), dataIndex: 'level', render: (v: string) => t(`level.${v}`, { defaultValue: v }) },
            { title: t('product.edition'), dataIndex: 'edition_year' },
            { title: t('provider.certificate'), dataIndex: 'certificate_no' },
            { title: t('product.recognisedOn'), dataIndex: 'recognised_on', render: (v: string) => formatDate(v) },
            {
              title: t('provider.validUntil'),
              dataIndex: 'valid_until',
              render: (v: string, r) => (
                <>
                  {formatDate(v)} {!r.active && <Tag>{t('provider.inactive')}</Tag>}
                </>
              ),
            },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('challenge.indicators')}
        </Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.name}
          dataSource={p.indicators}
          columns={[
            { title: t('challengeForm.metric'), dataIndex: 'name' },
            { title: t('product.value'), dataIndex: 'value' },
          ]}
        />
        {p.cases.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('provider.cases')}
            </Typography.Title>
            <ul>
              {p.cases.map((c) => (
                <li key={c.title}>
                  <strong>{c.title}</strong> {c.description}
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
    </div>
  );
}
