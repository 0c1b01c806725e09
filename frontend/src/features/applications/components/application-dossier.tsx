import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { beijing } from '@/lib/time';
import type { Application, ApplicationContent, Indicator } from '@/types/api';
import { DossierDocuments } from './dossier-documents';

type Content = Partial<Omit<ApplicationContent, 'documents'>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A qualification whose valid_until (YYYY-MM-DD) is before today in Beijing; other spellings are not judged. */
export const isExpired = (validUntil: string | undefined, today = beijing(Date.now()).format('YYYY-MM-DD')) =>
  Boolean(validUntil && DATE.test(validUntil) && validUntil < today);

/** Each indicator of the challenge beside what was committed for it, then commitments the challenge did not ask for. */
export function commitmentRows(indicators: Indicator[], commitments: Content['commitments'] = []) {
  const asked = indicators.map((i) => ({
    metric: i.metric,
    target: `${i.target}${i.unit ?? ''}`,
    value: commitments.find((c) => c.metric === i.metric)?.value ?? null,
  }));
  const extra = commitments
    .filter((c) => !indicators.some((i) => i.metric === c.metric))
    .map((c) => ({ metric: c.metric, target: null, value: c.value }));
  return [...asked, ...extra];
}

const cents = (yuan: number) => Math.round(yuan * 100);

interface Props {
  application: Application;
  /** The challenge's indicators, each shown beside the committed value. */
  indicators: Indicator[];
}

/** An opened application as every role allowed to read it sees it: only the fields the server returned. */
export function ApplicationDossier({ application, indicators }: Props) {
  const { t } = useTranslation();
  const c = (application.content ?? {}) as Content;
  const wan = (yuan: number) => t('dossier.wan', { n: (yuan / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 4 }) });
  const items = c.budget?.items ?? [];
  const itemsSum = items.reduce((s, i) => s + cents(i.amount), 0) / 100;
  const totalAgrees = c.budget ? items.length === 0 || cents(itemsSum) === cents(c.budget.total) : true;
  const section = (title: string, body: React.ReactNode) => (
    <Card size="small" type="inner" title={title} style={{ marginBottom: 12 }}>
      {body}
    </Card>
  );

  return (
    <div data-testid="application-dossier">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('dossier.title')} · {application.org_name}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('receipt.no')} {application.receipt_no}
      </Typography.Paragraph>
      {c.lead &&
        section(
          t('apply.lead'),
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('dossier.orgName')}>{c.lead.org_name}</Descriptions.Item>
            {c.lead.credit_code && <Descriptions.Item label={t('dossier.creditCode')}>{c.lead.credit_code}</Descriptions.Item>}
            {c.lead.district && <Descriptions.Item label={t('dossier.district')}>{c.lead.district}</Descriptions.Item>}
            {c.lead.contact && <Descriptions.Item label={t('dossier.contact')}>{c.lead.contact}</Descriptions.Item>}
          </Descriptions>,
        )}
      {(c.consortium?.length ?? 0) > 0 &&
        section(
          t('dossier.consortium'),
          <Table
            size="small"
            pagination={false}
            rowKey={(m) => `${m.org_name}-${m.credit_code}`}
            dataSource={c.consortium}
            columns={[
              { title: t('apply.memberName'), dataIndex: 'org_name' },
              { title: t('dossier.creditCode'), dataIndex: 'credit_code' },
              { title: t('apply.memberRole'), dataIndex: 'role' },
            ]}
          />,
        )}
      {c.project_leader &&
        section(
          t('apply.leader'),
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('dossier.name')}>{c.project_leader.name}</Descriptions.Item>
            {c.project_leader.title && <Descriptions.Item label={t('apply.leaderTitle')}>{c.project_leader.title}</Descriptions.Item>}
            {c.project_leader.phone && <Descriptions.Item label={t('apply.leaderPhone')}>{c.project_leader.phone}</Descriptions.Item>}
          </Descriptions>,
        )}
      {section(
        t('dossier.qualifications'),
        <Table
          size="small"
          pagination={false}
          rowKey={(q) => `${q.label}-${q.certificate_no}`}
          dataSource={c.qualifications ?? []}
          locale={{ emptyText: t('dossier.none') }}
          data-testid="dossier-qualifications"
          columns={[
            { title: t('dossier.qualLabel'), dataIndex: 'label' },
            { title: t('dossier.qualLevel'), dataIndex: 'level' },
            { title: t('dossier.certificateNo'), dataIndex: 'certificate_no' },
            {
              title: t('dossier.validUntil'),
              dataIndex: 'valid_until',
              render: (v: string | undefined) => (
                <>
                  {v || '—'} {isExpired(v) && <Tag color="red">{t('dossier.expired')}</Tag>}
                </>
              ),
            },
          ]}
        />,
      )}
      {section(
        t('apply.commitments'),
        <Table
          size="small"
          pagination={false}
          rowKey="metric"
          dataSource={commitmentRows(indicators, c.commitments)}
          locale={{ emptyText: t('dossier.none') }}
          data-testid="dossier-commitments"
          columns={[
            { title: t('dossier.metric'), dataIndex: 'metric' },
            {
              title: t('dossier.target'),
              dataIndex: 'target',
              render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('dossier.noTarget')}</Typography.Text>,
            },
            {
              title: t('dossier.committed'),
              dataIndex: 'value',
              render: (v: string | null) => v ?? <Tag color="orange">{t('dossier.notCommitted')}</Tag>,
            },
          ]}
        />,
      )}
      {c.plan &&
        section(
          t('apply.plan'),
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="dossier-plan">
            {c.plan}
          </Typography.Paragraph>,
        )}
      {c.budget &&
        section(
          t('dossier.budget'),
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="item"
              dataSource={items}
              locale={{ emptyText: t('dossier.noItems') }}
              data-testid="dossier-budget"
              columns={[
                { title: t('dossier.item'), dataIndex: 'item' },
                { title: t('dossier.amount'), dataIndex: 'amount', align: 'right', render: (n: number) => wan(n) },
              ]}
              summary={() => (
                <>
                  {items.length > 0 && (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>{t('dossier.itemsSum')}</Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">
                        {wan(itemsSum)}
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  )}
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <strong>{t('dossier.total')}</strong>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <strong>{wan(c.budget?.total ?? 0)}</strong>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </>
              )}
            />
            {!totalAgrees && (
              <Alert
                style={{ marginTop: 8 }}
                type="warning"
                showIcon
                data-testid="budget-mismatch"
                message={t('dossier.totalMismatch', { sum: wan(itemsSum), total: wan(c.budget.total) })}
              />
            )}
          </>,
        )}
      {c.declarations &&
        section(
          t('dossier.declarations'),
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('apply.declTruthful')}>
              <Tag color={c.declarations.truthful ? 'green' : 'red'}>
                {t(c.declarations.truthful ? 'dossier.declared' : 'dossier.notDeclared')}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('apply.declNoCollusion')}>
              <Tag color={c.declarations.no_collusion ? 'green' : 'red'}>
                {t(c.declarations.no_collusion ? 'dossier.declared' : 'dossier.notDeclared')}
              </Tag>
            </Descriptions.Item>
          </Descriptions>,
        )}
      {section(t('apply.documents'), <DossierDocuments applicationId={application.id} documents={application.documents} />)}
    </div>
  );
}
