import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessage } from '@/components/ui/feedback';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import type { CalendarOverride } from '@/types/api';
import { calendarYearsQueryOptions, overridesQueryOptions, useDeleteOverride, useSaveOverride } from '../api/calendar';

interface Draft {
  day: string;
  is_workday: boolean;
  note: string;
}

function OverrideDialog({ draft, editing, onClose }: { draft: Draft | null; editing: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const save = useSaveOverride();
  const [form] = Form.useForm<Draft>();
  const submit = async () => {
    const values = await form.validateFields();
    await save.mutateAsync({ day: values.day, body: { is_workday: values.is_workday, note: values.note.trim() } });
    void message.success(t('operator.calendar.saved', { day: values.day }));
    onClose();
  };
  return (
    <Modal
      open={draft !== null}
      title={editing ? t('operator.calendar.edit') : t('operator.calendar.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        save.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <ProblemAlert error={save.error} />
      <Form form={form} layout="vertical" initialValues={draft ?? undefined} preserve={false}>
        <Form.Item name="day" label={t('operator.calendar.day')} rules={[{ required: true, message: t('operator.calendar.dayRequired') }]}>
          <Input type="date" disabled={editing} aria-label={t('operator.calendar.day')} />
        </Form.Item>
        <Form.Item name="is_workday" label={t('operator.calendar.kind')}>
          <Radio.Group
            options={[
              { value: false, label: t('operator.calendar.holiday') },
              { value: true, label: t('operator.calendar.makeUp') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('operator.calendar.note')}
          extra={t('operator.calendar.noteHint')}
          rules={[{ required: true, whitespace: true, message: t('operator.calendar.noteRequired') }, { max: 200 }]}
        >
          <Input aria-label={t('operator.calendar.note')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Holidays and 调休 make-up days entered by operators, by year, with the notice each follows. */
export function CalendarOverrides() {
  const { t } = useTranslation();
  const overrides = useQuery(overridesQueryOptions());
  const years = useQuery(calendarYearsQueryOptions());
  const remove = useDeleteOverride();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [editing, setEditing] = useState(false);
  const coming = years.data?.coming_year ?? dayjs().year() + 1;
  const [year, setYear] = useState<number | null>(null);
  const shownYear = year ?? coming;
  const all = overrides.data ?? [];
  const yearOptions = [...new Set([...(years.data?.published ?? []), ...(years.data?.overridden ?? []), coming])].sort((a, b) => b - a);
  const rows = all.filter((o) => o.day.startsWith(`${shownYear}-`));

  const open = (o?: CalendarOverride) => {
    setEditing(Boolean(o));
    setDraft(o ? { day: o.day, is_workday: o.is_workday, note: o.note } : { day: `${shownYear}-01-01`, is_workday: false, note: '' });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {years.data && !years.data.coming_year_covered && (
        <Alert type="warning" showIcon data-testid="calendar-missing-year" message={t('operator.calendar.missingYear', { year: years.data.coming_year })} />
      )}
      <Card size="small" title={t('operator.calendar.coverage')}>
        <Space wrap data-testid="calendar-years">
          {(years.data?.published ?? []).map((y) => <Tag key={`p${y}`} color="blue">{t('operator.calendar.publishedYear', { year: y })}</Tag>)}
          {(years.data?.overridden ?? []).map((y) => <Tag key={`o${y}`} color="purple">{t('operator.calendar.overriddenYear', { year: y })}</Tag>)}
        </Space>
      </Card>
      <ProblemAlert error={overrides.error ?? years.error ?? remove.error} />
      <Space>
        <Select
          aria-label={t('operator.calendar.year')}
          data-testid="calendar-year"
          value={shownYear}
          onChange={setYear}
          options={yearOptions.map((y) => ({ value: y, label: t('operator.calendar.yearLabel', { year: y }) }))}
          style={{ width: 140 }}
        />
        <Button type="primary" onClick={() => open()} data-testid="calendar-add">{t('operator.calendar.add')}</Button>
      </Space>
      <Table
        rowKey="day"
        loading={overrides.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('operator.calendar.empty', { year: shownYear }) }}
        columns={[
          { title: t('operator.calendar.day'), dataIndex: 'day', render: (d: string) => `${d}（${t(`operator.weekday.${dayjs(d).day()}`)}）` },
          {
            title: t('operator.calendar.kind'),
            dataIndex: 'is_workday',
            render: (w: boolean) => <Tag color={w ? 'orange' : 'green'}>{w ? t('operator.calendar.makeUp') : t('operator.calendar.holiday')}</Tag>,
          },
          { title: t('operator.calendar.note'), dataIndex: 'note' },
          { title: t('operator.updatedAt'), dataIndex: 'updated_at', render: (v: string) => formatBeijing(v) },
          {
            title: t('common.actions'),
            render: (_: unknown, o) => (
              <Space>
                <Button size="small" onClick={() => open(o)}>{t('operator.calendar.edit')}</Button>
                <Popconfirm
                  title={t('operator.calendar.deleteConfirm', { day: o.day })}
                  okText={t('operator.calendar.delete')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutateAsync(o.day)}
                >
                  <Button size="small" danger>{t('operator.calendar.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary">{t('operator.calendar.rule')}</Typography.Text>
      <OverrideDialog draft={draft} editing={editing} onClose={() => setDraft(null)} />
    </Space>
  );
}
