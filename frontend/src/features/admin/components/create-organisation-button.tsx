import { Button, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreditCodeField } from '@/components/ui/credit-code-field';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { CodeSelect } from '@/components/ui/code-select';
import { useCreateOrganisation, type OrganisationCreate } from '../api/admin';

export function CreateOrganisationButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<OrganisationCreate>();
  const create = useCreateOrganisation();
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
        {t('admin.newOrganisation')}
      </Button>
      <Modal
        open={open}
        title={t('admin.newOrganisation')}
        confirmLoading={create.isPending}
        onCancel={() => setOpen(false)}
        onOk={() =>
          void form.validateFields().then((v) =>
            create.mutate(v, {
              onSuccess: () => {
                setOpen(false);
                form.resetFields();
              },
            }),
          )
        }
      >
        <ProblemAlert error={create.error} />
        <Form form={form} layout="vertical" initialValues={{ kind: 'enterprise' }}>
          <Form.Item name="kind" label={t('register.kind')}>
            <Radio.Group
              options={(['enterprise', 'vendor', 'government', 'operator'] as const).map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('register.orgName')} rules={required}>
            <Input />
          </Form.Item>
          <CreditCodeField name="credit_code" />
          <Form.Item name="district" label={t('common.district')} rules={required}>
            <CodeSelect list="districts" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
