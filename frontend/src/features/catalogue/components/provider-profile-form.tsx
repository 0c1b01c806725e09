import { Button, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMessage } from '@/components/ui/feedback';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { CodeSelect } from '@/components/ui/code-select';
import type { Provider, ProviderUpdate } from '@/types/api';
import { useSaveProvider } from '../api/catalogue';

const ORG_TYPES = ['企业', '高校', '科研院所', '其他'] as const;

export function ProviderProfileForm({ current }: { current: Provider | undefined }) {
  const { t } = useTranslation();
  const message = useMessage();
  const save = useSaveProvider();
  return (
    <Form<ProviderUpdate>
      layout="vertical"
      initialValues={current}
      onFinish={(v) => save.mutate({ body: v, version: current?.version }, { onSuccess: () => void message.success(t('common.saved')) })}
      style={{ maxWidth: 720 }}
    >
      <ProblemAlert error={save.error} />
      <Form.Item name="name" label={t('register.orgName')}>
        <Input />
      </Form.Item>
      <Form.Item name="org_type" label={t('provider.orgType')}>
        <Select options={ORG_TYPES.map((v) => ({ value: v, label: t(`orgType.${v}`) }))} />
      </Form.Item>
      <Form.Item name="district" label={t('common.district')} rules={[{ required: true, message: t('common.required') }]}>
        <CodeSelect list="districts" />
      </Form.Item>
      <Form.Item name="summary" label={t('provider.summary')}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item name="capability_tags" label={t('provider.capabilities')}>
        <CodeSelect mode="multiple" list={['seven_ends', 'layer_items', 'future_fields']} />
      </Form.Item>
      <Form.Item name="scenario_domains" label={t('common.scenarioDomain')}>
        <CodeSelect mode="multiple" list="scenario_domains" />
      </Form.Item>
      <Form.Item name="website" label={t('provider.website')}>
        <Input type="url" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
