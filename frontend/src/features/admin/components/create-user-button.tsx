import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ROLES } from '@/config/taxonomy';
import { organisationsQueryOptions, useCreateUser, type UserCreate } from '../api/admin';

export function CreateUserButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<UserCreate>();
  const orgs = useQuery({ ...organisationsQueryOptions(), enabled: open });
  const create = useCreateUser();
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
        {t('admin.newUser')}
      </Button>
      <Modal
        open={open}
        title={t('admin.newUser')}
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
          <Form.Item name="username" label={t('auth.username')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="display_name" label={t('register.displayName')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 10, message: t('register.passwordRule') }]}>
            <Input.Password />
          </Form.Item>
          <Form.Item name="roles" label={t('admin.roles')} rules={required}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
          <Form.Item name="organisation_id" label={t('register.orgName')} rules={required}>
            <Select loading={orgs.isLoading} options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
