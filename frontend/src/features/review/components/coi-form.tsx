import { Alert, Button, Checkbox, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Assignment, Conflict } from '@/types/api';

type Values = { rows: Record<string, { conflict?: boolean; reason?: string }>; confirm: boolean };

/** One line per application of this challenge assigned to the expert: tick those with a conflict. */
export function CoiForm({
  assignments,
  busy,
  onSubmit,
}: {
  assignments: Assignment[];
  busy?: boolean;
  onSubmit: (conflicts: Conflict[]) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const rows = Form.useWatch('rows', form) ?? {};
  const finish = (v: Values) =>
    onSubmit(
      Object.entries(v.rows ?? {})
        .filter(([, r]) => r.conflict)
        .map(([application_id, r]) => ({ application_id, reason: r.reason?.trim() ?? '' })),
    );
  return (
    <Form<Values> form={form} layout="vertical" onFinish={finish}>
      <Alert type="info" showIcon message={t('coi.explain')} style={{ marginBottom: 16 }} />
      {assignments.map((a) => (
        <Space key={a.application_id} align="baseline" wrap style={{ display: 'flex' }}>
          <Form.Item name={['rows', a.application_id, 'conflict']} valuePropName="checked">
            <Checkbox>{t('coi.conflictWith', { name: a.applicant_name })}</Checkbox>
          </Form.Item>
          {rows[a.application_id]?.conflict && (
            <Form.Item name={['rows', a.application_id, 'reason']} rules={[{ required: true, message: t('common.required') }]}>
              <Input placeholder={t('coi.relation')} style={{ width: 320 }} />
            </Form.Item>
          )}
        </Space>
      ))}
      <Form.Item
        name="confirm"
        valuePropName="checked"
        rules={[
          {
            validator: async (_r, v: boolean) => {
              if (!v) throw new Error(t('coi.mustConfirm'));
            },
          },
        ]}
      >
        <Checkbox>{t('coi.confirm')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('coi.sign')}
      </Button>
    </Form>
  );
}
