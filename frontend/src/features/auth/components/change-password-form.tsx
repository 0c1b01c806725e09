import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useChangePassword, type PasswordChange } from '../api/change-password';
import { NewPasswordFields } from './new-password-fields';

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordChange & { confirm_password: string }>();
  const change = useChangePassword();
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={({ current_password, new_password }) =>
        change.mutate({ current_password, new_password }, { onSuccess: () => form.resetFields() })
      }
    >
      {change.isSuccess && <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('account.changed')} />}
      <ProblemAlert error={change.error} />
      <Form.Item name="current_password" label={t('account.currentPassword')} rules={[{ required: true, message: t('common.required') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <NewPasswordFields />
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('account.changePassword')}
      </Button>
    </Form>
  );
}
