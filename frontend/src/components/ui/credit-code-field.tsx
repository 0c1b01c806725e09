import { Form, Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { checkCreditCode } from '@/lib/credit-code';

export function useCreditCodeRules(): Rule[] {
  const { t } = useTranslation();
  return [
    { required: true, message: t('register.creditCodeRequired') },
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        const problem = checkCreditCode(value);
        if (problem) throw new Error(t(`register.creditCode_${problem}`));
      },
    },
  ];
}

export function CreditCodeField({ name }: { name: string | string[] }) {
  const { t } = useTranslation();
  const rules = useCreditCodeRules();
  return (
    <Form.Item
      name={name}
      label={t('register.creditCode')}
      rules={rules}
      normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')}
      validateTrigger="onBlur"
    >
      <Input maxLength={18} placeholder="91330108MA27XXXXXX" />
    </Form.Item>
  );
}
