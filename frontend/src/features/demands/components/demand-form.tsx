import { Alert, Button, Card, DatePicker, Form, Input, List, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { CodeSelect } from '@/components/ui/code-select';
import { WanInput } from '@/components/ui/wan-input';
import type { DemandCreate, SimilarItem } from '@/types/api';

type Values = Omit<DemandCreate, 'valid_until'> & { valid_until?: Dayjs | null };

interface Props {
  onSubmit: (body: DemandCreate) => Promise<unknown>;
  /** A returned demand being revised: its current values. */
  initial?: DemandCreate;
  findSimilar: (title: string, text: string) => Promise<SimilarItem[]>;
  error?: unknown;
}

export function DemandForm({ onSubmit, findSimilar, error, initial }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [similar, setSimilar] = useState<SimilarItem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [modal, modalHolder] = Modal.useModal();
  const required = [{ required: true, message: t('common.required') }];

  const check = async () => {
    const { title, background } = form.getFieldsValue(['title', 'background']) as Partial<Values>;
    if (!title) return [];
    const hits = await findSimilar(title, background ?? '').catch(() => []);
    setSimilar(hits);
    return hits;
  };

  const submit = async (values: Values, confirmed = false) => {
    if (!confirmed) {
      const hits = await check();
      if (hits.length > 0) {
        void modal.confirm({
          title: t('demandForm.similarTitle'),
          content: t('demandForm.similarConfirm', { n: hits.length }),
          okText: t('demandForm.postAnyway'),
          cancelText: t('common.cancel'),
          onOk: () => submit(values, true),
        });
        return;
      }
    }
    setBusy(true);
    try {
      await onSubmit({ ...values, valid_until: values.valid_until ? values.valid_until.format('YYYY-MM-DD') : null });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      {modalHolder}
      <ProblemAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          initial ? { ...initial, valid_until: initial.valid_until ? dayjs(initial.valid_until) : null } : { cooperation_mode: '联合研发' }
        }
        onFinish={(v) => void submit(v).catch(() => undefined)}
      >
        <Form.Item name="title" label={t('demandForm.title')} rules={required}>
          <Input onBlur={() => void check()} />
        </Form.Item>
        {similar && similar.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('demandForm.similarTitle')}
            description={
              <List
                size="small"
                dataSource={similar}
                renderItem={(h) => (
                  <List.Item>
                    <Link to={`/${h.kind === 'challenge' ? 'challenges' : 'demands'}/${h.id}`} target="_blank">
                      {h.title}
                    </Link>{' '}
                    <span>{t('demandForm.similarity', { pct: Math.round(h.similarity * 100) })}</span>
                  </List.Item>
                )}
              />
            }
            data-testid="similar-warning"
          />
        )}
        <Form.Item name="background" label={t('demand.background')} rules={required}>
          <Input.TextArea rows={3} onBlur={() => void check()} />
        </Form.Item>
        <Form.Item name="pain_points" label={t('demand.painPoints')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="required_capabilities" label={t('demand.capabilities')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="demand_type" label={t('demand.type')} rules={required}>
            <CodeSelect style={{ width: 160 }} list="demand_types" />
          </Form.Item>
          <Form.Item name="end_tags" label={t('common.sevenEnd')} rules={required}>
            <CodeSelect mode="multiple" style={{ width: 240 }} list="seven_ends" />
          </Form.Item>
          <Form.Item name="scenario_domain" label={t('common.scenarioDomain')} rules={required}>
            <CodeSelect style={{ width: 160 }} list="scenario_domains" />
          </Form.Item>
          <Form.Item name="district" label={t('common.district')} rules={required}>
            <CodeSelect style={{ width: 160 }} list="districts" />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          <Form.Item name="budget_min" label={t('demandForm.budgetMin')}>
            <WanInput />
          </Form.Item>
          <Form.Item
            name="budget_max"
            label={t('demandForm.budgetMax')}
            dependencies={['budget_min']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_r, v: number | null | undefined) => {
                  const min = getFieldValue('budget_min') as number | null | undefined;
                  if (v != null && min != null && v < min) throw new Error(t('demandForm.budgetOrder'));
                },
              }),
            ]}
          >
            <WanInput />
          </Form.Item>
          <Form.Item name="cooperation_mode" label={t('demand.cooperation')}>
            <CodeSelect style={{ width: 160 }} list="cooperation_modes" />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          <Form.Item name="valid_until" label={t('demand.validUntil')} rules={required}>
            <DatePicker disabledDate={(d) => d.isBefore(new Date(), 'day')} />
          </Form.Item>
          <Form.Item name="contact_name" label={t('demandForm.contactName')} rules={[...required, { max: 50 }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="contact_phone"
            label={t('demandForm.contactPhone')}
            rules={[...required, { pattern: /^[0-9+\-() ]{7,20}$/, message: t('demandForm.phoneFormat') }]}
          >
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('demandForm.submit')}
        </Button>
      </Form>
    </Card>
  );
}
