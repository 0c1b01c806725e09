import { CheckCircleTwoTone } from '@ant-design/icons';
import { Card, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { Term } from '@/components/ui/term';
import { useProvider } from '@/features/catalogue/api/catalogue';
import { formatDate } from '@/lib/time';

export default function ProviderRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data: p, error, isLoading } = useProvider(id);
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
        <Space align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {p.name}
          </Typography.Title>
          {p.verified && (
            <Typography.Text type="success">
              <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('provider.verified')}
            </Typography.Text>
          )}
        </Space>
        <Space wrap style={{ margin: '12px 0' }}>
          {p.district && <Term value={p.district} />}
          {p.org_type && <Term value={t(`orgType.${p.org_type}`, { defaultValue: p.org_type })} />}
          {p.capability_tags.map((x) => (
            <Term key={x} value={x} color="blue" />
          ))}
          {p.active_labels.map((x) => (
            <Term key={x} value={x} color="gold" />
          ))}
        </Space>
        <Typography.Paragraph>{p.summary}</Typography.Paragraph>
        <Typography.Title level={5}>{t('provider.qualifications')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(q) => `${q.label}-${q.certificate_no ?? ''}`}
          dataSource={p.qualifications}
          columns={[
            { title: t('provider.label'), dataIndex: 'label', render: (v: string) => <Term value={v} color="gold" /> },
            { title: t('provider.level'), dataIndex: 'level', render: (v: string) => t(`level.${v}`, { defaultValue: v }) },
            { title: t('provider.certificate'), dataIndex: 'certificate_no' },
            {
              title: t('provider.validUntil'),
              dataIndex: 'valid_until',
              render: (v: string | null, q) => (
                <>
                  {formatDate(v)} {!q.active && <Tag>{t('provider.inactive')}</Tag>}
                </>
              ),
            },
          ]}
        />
        {p.products.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('provider.products')}
            </Typography.Title>
            <ul>
              {p.products.map((x) => (
                <li key={x.id}>
                  <Link to={`/products/${x.id}`}>{x.name}</Link>{' '}
                  {x.recognition_schemes.map((r) => (
                    <Term key={r} value={r} color="gold" />
                  ))}
                </li>
              ))}
            </ul>
          </>
        )}
        {p.cases.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('provider.cases')}
            </Typography.Title>
            <ul>
              {p.cases.map((c) => (
                <li key={c.title}>
                  <strong>{c.title}</strong>
                  {c.year ? `（${c.year}）` : ''} {c.description}
                </li>
              ))}
            </ul>
          </>
        )}
        {p.website && (
          <a href={p.website} target="_blank" rel="noreferrer noopener">
            {p.website}
          </a>
        )}
      </Card>
    </div>
  );
}
