import { Alert, Button, Card, Form, Input, InputNumber, List, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useTermLabel } from '@/components/ui/term';
import { DEMAND_TYPES, DISTRICTS, SCENARIO_DOMAINS, SEVEN_ENDS } from '@/config/taxonomy';
import type { DemandCreate, SimilarItem } from '@/types/api';

interface Props {
  onSubmit: (body: DemandCreate) => Promise<unknown>;
  findSimilar: (title: string, text: string) => Promise<SimilarItem[]>;
  error?: unknown;
}

export function DemandForm({ onSubmit, findSimilar, error }: Props) {
  const { t } = useTranslation();
  const label = useTermLabel();
  const [form] = Form.useForm<DemandCreate>();
  const [similar, setSimilar] = useState<SimilarItem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [modal, modalHolder] = Modal.useModal();
  const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: label(v) }));
  const required = [{ required: true, message: t('common.required') }];

  const check = async () => {
    const { title, background } = form.getFieldsValue(['title', 'background']) as Partial<DemandCreate>;
    if (!title) return [];
    const hits = await findSimilar(title, background ?? '').catch(() => []);
    setSimilar(hits);
    return hits;
  };

  const submit = async (values: DemandCreate, confirmed = false) => {
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
      await onSubmit(values);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      {modalHolder}
      <ProblemAlert error={error} />
      <Form<DemandCreate> form={form} layout="vertical" onFinish={(v) => void submit(v).catch(() => undefined)}>
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
              <List size="small" dataSource={similar} renderItem={(h) => <List.Item><Link to={`/${h.kind === 'challenge' ? 'challenges' : 'demands'}/${h.id}`} target="_blank">{h.title}</Link> <span>{t('demandForm.similarity', { pct: Math.round(h.similarity * 100) })}</span></List.Item>} />
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
            <Select style={{ width: 160 }} options={DEMAND_TYPES.map((v) => ({ value: v, label: t(`demandType.${v}`, { defaultValue: v }) }))} />
          </Form.Item>
          <Form.Item name="end_tags" label={t('common.sevenEnd')} rules={required}>
            <Select mode="multiple" style={{ width: 240 }} options={options(SEVEN_ENDS)} />
          </Form.Item>
          <Form.Item name="scenario_domain" label={t('common.scenarioDomain')} rules={required}>
            <Select style={{ width: 160 }} options={options(SCENARIO_DOMAINS)} />
          </Form.Item>
          <Form.Item name="district" label={t('common.district')} rules={required}>
            <Select style={{ width: 160 }} options={options(DISTRICTS)} />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          <Form.Item name="budget_min" label={t('demandForm.budgetMin')}>
            <InputNumber min={0} step={10000} addonBefore="¥" />
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
            <InputNumber min={0} step={10000} addonBefore="¥" />
          </Form.Item>
          <Form.Item name="cooperation_mode" label={t('demand.cooperation')}>
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
