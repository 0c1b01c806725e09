import { Button, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptPair } from '../api/verify-receipt';

interface Props {
  initial: ReceiptPair;
  onVerify: (pair: ReceiptPair) => void;
}

export function VerifyReceiptForm({ initial, onVerify }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReceiptPair>();
  useEffect(() => form.setFieldsValue(initial), [form, initial]);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(values) => onVerify({ receiptNo: values.receiptNo.trim(), sha256: values.sha256.trim().toLowerCase() })}
      data-testid="verify-receipt-form"
    >
      <Form.Item
        name="receiptNo"
        label={t('receiptProof.no')}
        rules={[{ required: true, whitespace: true, message: t('receiptProof.noRequired') }]}
      >
        <Input maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="sha256"
        label={t('receiptProof.sha256')}
        rules={[
          { required: true, message: t('receiptProof.sha256Required') },
          { pattern: /^\s*[0-9a-fA-F]{64}\s*$/, message: t('receiptProof.sha256Invalid') },
        ]}
      >
        <Input maxLength={80} autoComplete="off" style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('receiptProof.verify')}
      </Button>
    </Form>
  );
}
