import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDecision } from '@/components/ui/confirm-decision';
import { useMessage } from '@/components/ui/feedback';
import { WanInput } from '@/components/ui/wan-input';
import type { ApplicationContent, Indicator, Organisation } from '@/types/api';
import { DocumentField, MAX_BYTES, MAX_DOCUMENTS, MAX_TOTAL_BYTES, type Refusal } from './document-field';

interface Props {
  organisation: Organisation | null;
  indicators: Indicator[];
  consortiumAllowed: boolean;
  maxMembers?: number;
  /** Seals and sends the application; rejects with the server's refusal. */
  onSubmit: (body: ApplicationContent) => Promise<unknown>;
  /** What the form starts from: a replacement's kept draft (decision 0110). */
  initial?: ApplicationContent | null;
  /** Said above the form instead of the service-sealing notice (custodian sealing: who can open it). */
  notice?: ReactNode;
}

export function ApplicationForm({ organisation, indicators, consortiumAllowed, maxMembers, onSubmit, initial, notice }: Props) {
  const { t } = useTranslation();
  const message = useMessage();
  const [confirming, setConfirming] = useState<ApplicationContent | null>(null);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const refuse = (r: Refusal) => {
    setRefusals((all) => [...all.filter((x) => x.name !== r.name), r]);
    void message.error(
      t(`apply.refused_${r.reason}`, { name: r.name, mb: MAX_BYTES / 1024 / 1024, n: MAX_DOCUMENTS, total: MAX_TOTAL_BYTES / 1024 / 1024 }),
    );
  };
  const required = [{ required: true, message: t('common.required') }];
  const mustTick = [
    {
      validator: async (_r: unknown, v: boolean) => {
        if (!v) throw new Error(t('apply.mustDeclare'));
      },
    },
  ];
  return (
    <Card>
      {notice ?? <Typography.Paragraph type="secondary">{t('apply.sealedNotice')}</Typography.Paragraph>}
      <ConfirmDecision
        decision={
          confirming && {
            title: t('apply.submit'),
            summary: t('decision.summary.submit_application', { n: confirming.documents?.length ?? 0 }),
            opinion: 'none',
            done: t('apply.submitted'),
            run: () => onSubmit(confirming),
          }
        }
        onClose={() => setConfirming(null)}
      />
      <Form<ApplicationContent>
        layout="vertical"
        initialValues={
          initial ?? {
            lead: { org_name: organisation?.name ?? '', credit_code: organisation?.credit_code, district: organisation?.district },
            consortium: [],
            commitments: indicators.map((i) => ({ metric: i.metric, value: '' })),
            documents: [],
          }
        }
        onFinish={setConfirming}
      >
        <Form.Item name={['lead', 'org_name']} label={t('apply.lead')} rules={required}>
          <Input disabled={Boolean(organisation)} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name={['project_leader', 'name']} label={t('apply.leader')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name={['project_leader', 'title']} label={t('apply.leaderTitle')}>
            <Input />
          </Form.Item>
          <Form.Item name={['project_leader', 'phone']} label={t('apply.leaderPhone')}>
            <Input />
          </Form.Item>
        </Space>
        {consortiumAllowed && (
          <Form.List name="consortium">
            {(fields, { add, remove }) => (
              <Form.Item label={t('apply.consortium', { n: maxMembers ?? '—' })}>
                {fields.map(({ key, name }) => (
                  <Space key={key} align="baseline">
                    <Form.Item name={[name, 'org_name']} rules={required}>
                      <Input placeholder={t('apply.memberName')} />
                    </Form.Item>
                    <Form.Item name={[name, 'role']}>
                      <Input placeholder={t('apply.memberRole')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(name)} />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  disabled={maxMembers !== undefined && fields.length + 1 >= maxMembers}
                  onClick={() => add()}
                >
                  {t('apply.addMember')}
                </Button>
              </Form.Item>
            )}
          </Form.List>
        )}
        <Form.List name="commitments">
          {(fields) => (
            <Form.Item label={t('apply.commitments')}>
              {fields.map(({ key, name }) => (
                // The metric and the committed value side by side, one under the other on a phone.
                <div key={key} className="commitment-row">
                  <Form.Item name={[name, 'metric']} className="commitment-metric">
                    <Input disabled aria-label={t('apply.metric')} />
                  </Form.Item>
                  <Form.Item name={[name, 'value']} rules={required} className="commitment-value">
                    <Input
                      aria-label={t('apply.committedValue', { metric: indicators[name]?.metric ?? '' })}
                      placeholder={t('apply.committed', { target: `${indicators[name]?.target ?? ''}${indicators[name]?.unit ?? ''}` })}
                    />
                  </Form.Item>
                </div>
              ))}
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="plan" label={t('apply.plan')} rules={required}>
          <Input.TextArea rows={6} />
        </Form.Item>
        <Form.Item name={['budget', 'total']} label={t('apply.budget')} rules={required}>
          <WanInput />
        </Form.Item>
        <Form.Item name="documents" label={t('apply.documents')} extra={t('apply.documentsHint')}>
          <DocumentField refusals={refusals} onRefuse={refuse} />
        </Form.Item>
        <Form.Item name={['declarations', 'truthful']} valuePropName="checked" rules={mustTick}>
          <Checkbox>{t('apply.declTruthful')}</Checkbox>
        </Form.Item>
        <Form.Item name={['declarations', 'no_collusion']} valuePropName="checked" rules={mustTick}>
          <Checkbox>{t('apply.declNoCollusion')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('apply.submit')}
        </Button>
      </Form>
    </Card>
  );
}
