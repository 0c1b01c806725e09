import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Criterion } from '@/types/api';

export function weightTotal(criteria: readonly (Partial<Omit<Criterion, 'id'>> | undefined)[] | undefined): number {
  return (criteria ?? []).reduce((sum, c) => sum + (Number(c?.weight) || 0), 0);
}

export function CriteriaFields() {
  const { t } = useTranslation();
  const criteria = Form.useWatch<Partial<Omit<Criterion, 'id'>>[] | undefined>('criteria');
  const total = weightTotal(criteria);

  return (
    <Form.List
      name="criteria"
      rules={[
        {
          validator: async (_r, value: Partial<Omit<Criterion, 'id'>>[] | undefined) => {
            if (!value || value.length === 0) throw new Error(t('challengeForm.criteriaRequired'));
            const sum = weightTotal(value);
            if (Math.abs(sum - 100) > 1e-9) throw new Error(t('challengeForm.weightsMustBe100', { total: sum }));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map(({ key, name }) => (
            <Space key={key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item name={[name, 'name']} rules={[{ required: true, message: t('common.required') }]}>
                <Input placeholder={t('challengeForm.criterionName')} style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name={[name, 'weight']} rules={[{ required: true, message: t('common.required') }]}>
                <InputNumber
                  min={1}
                  max={100}
                  addonAfter="%"
                  placeholder={t('challengeForm.weight')}
                  aria-label={t('challengeForm.weight')}
                />
              </Form.Item>
              <Form.Item name={[name, 'max_score']} initialValue={100}>
                <InputNumber min={1} max={100} addonBefore={t('challengeForm.maxScore')} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(name)} />
            </Space>
          ))}
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => add({ max_score: 100 })}>
              {t('challengeForm.addCriterion')}
            </Button>
            <Typography.Text type={total === 100 ? 'success' : 'warning'} data-testid="weight-total">
              {t('challengeForm.total', { total })}
            </Typography.Text>
          </Space>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
