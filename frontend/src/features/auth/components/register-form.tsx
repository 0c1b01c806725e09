import { Button, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { CodeSelect } from '@/components/ui/code-select';
import type { Registration } from '../api/register';
import { CreditCodeField } from '@/components/ui/credit-code-field';

type OrganisationIn = Registration['organisation'];

interface Values {
  orgName: string;
  kind: OrganisationIn['kind'];
  creditCode: string;
  district: OrganisationIn['district'];
  username: string;
  displayName: string;
  password: string;
}

export function RegisterForm({ onSubmit }: { onSubmit: (body: Registration) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const finish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        organisation: { name: v.orgName, kind: v.kind, credit_code: v.creditCode, district: v.district },
        user: { username: v.username, password: v.password, display_name: v.displayName },
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> layout="vertical" onFinish={(v) => void finish(v)} initialValues={{ kind: 'vendor' }}>
      <ProblemAlert error={error} />
      <Form.Item name="kind" label={t('register.kind')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'enterprise', label: t('roles.enterprise') },
            { value: 'vendor', label: t('roles.vendor') },
          ]}
        />
      </Form.Item>
      <Form.Item name="orgName" label={t('register.orgName')} rules={[{ required: true, message: t('common.required') }]}>
        <Input />
      </Form.Item>
      <CreditCodeField name="creditCode" />
      <Form.Item name="district" label={t('common.district')} rules={[{ required: true, message: t('common.required') }]}>
        <CodeSelect list="districts" />
      </Form.Item>
      <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('common.required') }]}>
        <Input autoComplete="username" />
      </Form.Item>
      <Form.Item name="displayName" label={t('register.displayName')} rules={[{ required: true, message: t('common.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 10, message: t('register.passwordRule') }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block>
        {t('auth.register')}
      </Button>
    </Form>
  );
}
