import { Button, Card, Form, Input, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Criterion, ScoreSheet } from '@/types/api';

interface Props {
  criteria: Criterion[];
  /** A weighted total (0–100) below this needs a comment, as the server enforces. */
  commentRequiredBelow?: number;
  busy?: boolean;
  onSubmit: (body: ScoreSheet) => void;
}

type Values = { scores: Record<string, number | undefined>; comment?: string };

/** The server's formula: each criterion contributes weight × its position within its range. */
export function weightedTotal(criteria: Criterion[], scores: Record<string, number | undefined>): number {
  return criteria.reduce((sum, c) => {
    const lo = c.min_score ?? 0;
    const hi = c.max_score ?? 100;
    const v = scores[c.id];
    return v === undefined || hi === lo ? sum : sum + (c.weight * (v - lo)) / (hi - lo);
  }, 0);
}

export function ScoreForm({ criteria, commentRequiredBelow = 60, busy, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const scores = Form.useWatch('scores', form) ?? {};
  const total = weightedTotal(criteria, scores);

  const finish = (v: Values) =>
    onSubmit({ comment: v.comment?.trim() ?? '', scores: Object.fromEntries(criteria.map((c) => [c.id, v.scores[c.id] ?? 0])) });

  return (
    <Form<Values> form={form} layout="vertical" onFinish={finish}>
      {criteria.map((c) => {
        const min = c.min_score ?? 0;
        const max = c.max_score ?? 100;
        return (
          <Card key={c.id} size="small" style={{ marginBottom: 12 }} title={`${c.name}（${t('challengeForm.weight')} ${c.weight}%）`}>
            <Form.Item
              name={['scores', c.id]}
              label={t('score.range', { min, max })}
              rules={[
                { required: true, message: t('score.required') },
                { type: 'number', min, max, message: t('score.outOfRange', { min, max }) },
              ]}
            >
              <InputNumber aria-label={`${c.name} ${t('score.score')}`} step={0.5} style={{ width: 160 }} />
            </Form.Item>
          </Card>
        );
      })}
      <Form.Item
        name="comment"
        label={t('score.overall')}
        extra={t('score.commentHint', { threshold: commentRequiredBelow })}
        dependencies={criteria.map((c) => ['scores', c.id])}
        rules={[
          {
            validator: async (_r, v: string | undefined) => {
              const all = criteria.every((c) => typeof form.getFieldValue(['scores', c.id]) === 'number');
              const sum = weightedTotal(criteria, form.getFieldValue('scores') ?? {});
              if (all && sum < commentRequiredBelow && !v?.trim())
                throw new Error(t('score.commentRequiredLow', { threshold: commentRequiredBelow }));
            },
          },
        ]}
      >
        <Input.TextArea aria-label={t('score.overall')} rows={3} />
      </Form.Item>
      <Typography.Paragraph strong data-testid="weighted-total">
        {t('score.total', { total: total.toFixed(2) })}
      </Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('score.submit')}
      </Button>
    </Form>
  );
}
