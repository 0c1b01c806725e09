import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

export function IndicatorFields() {
  const { t } = useTranslation();
  return (
    <Form.List
      name="indicators"
      rules={[
        {
          validator: async (_r, v: unknown[] | undefined) => {
            if (!v?.length) throw new Error(t('challengeForm.indicatorRequired'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map(({ key, name }) => (
            <Space key={key} align="baseline" wrap style={{ display: 'flex' }}>
              <Form.Item name={[name, 'metric']} rules={[{ required: true, message: t('common.required') }]}>
                <Input placeholder={t('challengeForm.metric')} />
              </Form.Item>
              <Form.Item name={[name, 'target']} rules={[{ required: true, message: t('common.required') }]}>
                <Input placeholder={t('challengeForm.target')} />
              </Form.Item>
              <Form.Item name={[name, 'unit']}>
                <Input placeholder={t('challengeForm.unit')} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item name={[name, 'verification']}>
                <Input placeholder={t('challengeForm.verification')} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(name)} />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add()}>
            {t('challengeForm.addIndicator')}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
