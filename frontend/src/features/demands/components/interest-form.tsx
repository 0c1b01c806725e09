import { Button, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/lib/auth';
import type { InterestCreate } from '@/types/api';

interface Props {
  onSubmit: (body: InterestCreate) => void;
  busy: boolean;
}

/** A vendor's 对接意向: the proposal and whom the publisher calls, prefilled from the signed-in account. */
export function InterestForm({ onSubmit, busy }: Props) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm<InterestCreate>();
  const required = { required: true, whitespace: true, message: t('common.required') };
  const reachable = {
    validator: async () => {
      const { contact_phone, contact_email } = form.getFieldsValue(['contact_phone', 'contact_email']) as Partial<InterestCreate>;
      if (!contact_phone?.trim() && !contact_email?.trim()) throw new Error(t('demands.interestReach'));
    },
  };
  const trimmed = (v: InterestCreate): InterestCreate => ({
    proposal: v.proposal.trim(),
    contact_name: v.contact_name.trim(),
    contact_phone: v.contact_phone?.trim() ?? '',
    contact_email: v.contact_email?.trim() ?? '',
  });

  return (
    <Form<InterestCreate>
      form={form}
      layout="vertical"
      initialValues={{ contact_name: me?.user.display_name ?? '', contact_phone: '', contact_email: '' }}
      onFinish={(v) => onSubmit(trimmed(v))}
    >
      <Form.Item name="proposal" label={t('demand.proposal')} rules={[required, { min: 10, max: 500 }]}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('demands.interestContactHint')}</Typography.Paragraph>
      <Space wrap size="large">
        <Form.Item label={t('demands.interestOrg')} htmlFor="interest-organisation">
          <Input id="interest-organisation" style={{ width: 240 }} value={me?.organisation?.name ?? ''} disabled />
        </Form.Item>
        <Form.Item name="contact_name" label={t('demands.interestContactName')} rules={[required, { max: 50 }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="contact_phone"
          label={t('demands.interestPhone')}
          dependencies={['contact_email']}
          rules={[{ pattern: /^[0-9+\-() ]{7,20}$/, message: t('demandForm.phoneFormat') }, reachable]}
        >
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="contact_email"
          label={t('demands.interestEmail')}
          dependencies={['contact_phone']}
          rules={[{ type: 'email', message: t('demands.emailFormat') }, { max: 200 }, reachable]}
        >
          <Input style={{ width: 240 }} />
        </Form.Item>
      </Space>
      <div>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('demand.sendInterest')}
        </Button>
      </div>
    </Form>
  );
}
