import { Button, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { Term } from '@/components/ui/term';
import type { Provider, ProductCreate } from '@/types/api';
import { useCreateProduct } from '../api/catalogue';

export function MyProducts({ provider }: { provider: Provider | undefined }) {
  const { t } = useTranslation();
  const create = useCreateProduct();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ProductCreate>();
  return (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
        {t('product.add')}
      </Button>
      <Table
        rowKey="id"
        dataSource={provider?.products ?? []}
        pagination={false}
        columns={[
          { title: t('product.name'), dataIndex: 'name', render: (v: string, p) => <Link to={`/products/${p.id}`}>{v}</Link> },
          { title: t('product.category'), dataIndex: 'category', render: (v: string) => (v ? <Term value={v} /> : null) },
          {
            title: t('product.recognitions'),
            dataIndex: 'recognition_schemes',
            render: (r: string[]) => r.map((x) => <Term key={x} value={x} color="gold" />),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('product.add')}
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
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('product.name')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="category" label={t('product.category')}>
            <Select options={['首台套', '首版次', '普通产品'].map((v) => ({ value: v, label: t(`taxonomy.${v}`, { defaultValue: v }) }))} />
          </Form.Item>
          <Form.Item name="summary" label={t('provider.summary')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
