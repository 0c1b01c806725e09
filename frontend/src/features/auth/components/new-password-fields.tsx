import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** A new password and its confirmation, inside the caller's Form (field `new_password`). */
export function NewPasswordFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="new_password"
        label={t('account.newPassword')}
        extra={t('account.passwordRule')}
        rules={[
          { required: true, message: t('common.required') },
          { min: 10, message: t('account.weak_too_short') },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm_password"
        label={t('account.confirmPassword')}
        dependencies={['new_password']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('new_password') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('account.confirmMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
