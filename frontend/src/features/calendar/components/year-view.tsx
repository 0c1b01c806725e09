import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  message,
} from 'antd';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProblemError } from '@/lib/problem';
import { formatBeijing } from '@/lib/time';
import {
  type CalendarYear,
  type CalendarYearDay,
  type ImportRowError,
  useConfirmYear,
  useDeleteDay,
  useImportYear,
  usePrefillYear,
  usePutDay,
  usePutSource,
} from '../api/calendar';
import { dayMark, importFormat, isoDay, monthWeeks, type DayMark } from './year-grid';

const MARK_STYLE: Record<DayMark, React.CSSProperties> = {
  holiday: { background: '#fff1f0', color: '#a8071a', fontWeight: 600 },
  makeup: { background: '#fff7e6', color: '#ad4e00', fontWeight: 600 },
  weekend: { color: '#595959', background: '#fafafa' },
  workday: {},
};

type Choice = 'holiday' | 'workday' | 'none';

function DayEditor({ day, entry, onClose }: { day: string; entry: CalendarYearDay | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const put = usePutDay();
  const remove = useDeleteDay();
  const [choice, setChoice] = useState<Choice>(entry ? (entry.is_workday ? 'workday' : 'holiday') : 'none');
  const [note, setNote] = useState(entry?.note ?? '');
  const save = async () => {
    if (choice === 'none') {
      if (entry) await remove.mutateAsync(day);
    } else {
      await put.mutateAsync({
        day,
        isWorkday: choice === 'workday',
        note: note.trim() || t(choice === 'workday' ? 'calendar.makeupNote' : 'calendar.holidayNote'),
      });
    }
    onClose();
  };
  return (
    <Modal
      open
      title={t('calendar.editDay', { day })}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('calendar.saveDay')}
      confirmLoading={put.isPending || remove.isPending}
      okButtonProps={{ 'data-testid': 'calendar-day-save' } as ButtonProps}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as Choice)} data-testid="calendar-day-kind">
          <Radio value="holiday">{t('calendar.kindHoliday')}</Radio>
          <Radio value="workday">{t('calendar.kindMakeup')}</Radio>
          <Radio value="none">{t('calendar.kindNone')}</Radio>
        </Radio.Group>
        {choice !== 'none' && (
          <Input
            aria-label={t('calendar.dayNote')}
            placeholder={t('calendar.dayNote')}
            value={note}
            maxLength={200}
            onChange={(e) => setNote(e.target.value)}
            data-testid="calendar-day-note"
          />
        )}
        <ProblemAlert error={put.error ?? remove.error} />
      </Space>
    </Modal>
  );
}

function Month({
  year,
  month,
  entered,
  onPick,
}: {
  year: number;
  month: number;
  entered: Map<string, CalendarYearDay>;
  onPick: (day: string) => void;
}) {
  const { t } = useTranslation();
  const weekdays = t('calendar.weekdays').split(',');
  return (
    <Card size="small" title={t('calendar.month', { month })} data-testid={`calendar-month-${month}`}>
      <table style={{ width: '100%', borderCollapse: 'collapse', textAlign: 'center', fontSize: 12 }}>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w} scope="col" style={{ fontWeight: 400, color: '#595959' }}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(year, month).map((week, i) => (
            <tr key={i}>
              {week.map((d, j) => {
                if (d == null) return <td key={j} />;
                const day = isoDay(year, month, d);
                const mark = dayMark(year, month, d, entered);
                const entry = entered.get(day);
                const label = `${day} ${t(`calendar.mark_${mark}`)}${entry ? ` ${entry.note}` : ''}`;
                return (
                  <td key={j} style={{ padding: 1 }}>
                    <button
                      type="button"
                      onClick={() => onPick(day)}
                      aria-label={label}
                      title={label}
                      data-testid={`calendar-day-${day}`}
                      data-mark={mark}
                      style={{
                        width: '100%',
                        minWidth: 24,
                        border: 'none',
                        borderRadius: 4,
                        padding: '2px 0',
                        cursor: 'pointer',
                        ...MARK_STYLE[mark],
                      }}
                    >
                      {d}
                      {mark === 'holiday' && <sup>{t('calendar.supHoliday')}</sup>}
                      {mark === 'makeup' && <sup>{t('calendar.supMakeup')}</sup>}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function ImportErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ProblemError) || !Array.isArray(error.problem.errors)) return <ProblemAlert error={error} />;
  const rows = error.problem.errors as ImportRowError[];
  if (rows.length === 0 || typeof rows[0]?.row !== 'number') return <ProblemAlert error={error} />;
  return (
    <Alert
      type="error"
      showIcon
      message={t('calendar.importInvalid', { n: rows.length })}
      description={
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.row}-${r.field}`}
          dataSource={rows}
          data-testid="calendar-import-errors"
          columns={[
            { title: t('calendar.row'), dataIndex: 'row', width: 64 },
            { title: t('calendar.field'), dataIndex: 'field', width: 96 },
            { title: t('calendar.message'), dataIndex: 'message' },
          ]}
        />
      }
    />
  );
}

export function YearView({ data }: { data: CalendarYear }) {
  const { t } = useTranslation();
  const year = data.year;
  const [picked, setPicked] = useState<string | null>(null);
  const entered = useMemo(() => new Map(data.days.map((d) => [d.day, d])), [data.days]);
  const importYear = useImportYear(year);
  const putSource = usePutSource(year);
  const prefill = usePrefillYear(year);
  const confirm = useConfirmYear(year);
  const [form] = Form.useForm<{ source_title: string; source_date: dayjs.Dayjs | null }>();
  const confirmed = data.status === 'confirmed';
  const holidays = data.days.filter((d) => !d.is_workday).length;
  const makeups = data.days.filter((d) => d.kind === 'makeup_workday').length;

  const sourceNow = () => {
    const v = form.getFieldsValue();
    return { source_title: (v.source_title ?? '').trim(), source_date: v.source_date ? v.source_date.format('YYYY-MM-DD') : '' };
  };

  const onFile = async (file: File) => {
    const fmt = importFormat(file.name);
    if (!fmt) {
      void message.error(t('calendar.badFile'));
      return;
    }
    const source = sourceNow();
    if (!source.source_title || !source.source_date) {
      void form.validateFields();
      return;
    }
    await importYear.mutateAsync({ ...source, format: fmt, content: await file.text() }).catch(() => undefined);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('calendar.yearTitle', { year })}
            </Typography.Title>
            <Tag color={confirmed ? 'green' : data.status === 'draft' ? 'gold' : 'red'} data-testid="calendar-status">
              {t(`calendar.status_${data.status}`)}
            </Tag>
            <Typography.Text type="secondary">{t('calendar.counts', { holidays, makeups })}</Typography.Text>
          </Space>
          {!confirmed && (
            <Alert
              type="warning"
              showIcon
              message={t('calendar.unconfirmedWarning', { year })}
              description={data.library_known ? t('calendar.libraryKnown') : t('calendar.libraryUnknown')}
            />
          )}
          <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="calendar-source">
            <Descriptions.Item label={t('calendar.sourceTitle')}>{data.source_title || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('calendar.sourceDate')}>{data.source_date ?? '—'}</Descriptions.Item>
            {confirmed && <Descriptions.Item label={t('calendar.confirmedAt')}>{formatBeijing(data.confirmed_at)}</Descriptions.Item>}
          </Descriptions>
          {!confirmed && (
            <Form
              form={form}
              layout="inline"
              initialValues={{ source_title: data.source_title, source_date: data.source_date ? dayjs(data.source_date) : null }}
              onFinish={(v) =>
                void putSource
                  .mutateAsync({ source_title: v.source_title.trim(), source_date: v.source_date!.format('YYYY-MM-DD') })
                  .catch(() => undefined)
              }
            >
              <Form.Item
                name="source_title"
                label={t('calendar.sourceTitle')}
                rules={[{ required: true, whitespace: true, message: t('calendar.sourceRequired') }]}
              >
                <Input
                  style={{ width: 360, maxWidth: '100%' }}
                  maxLength={200}
                  placeholder={t('calendar.sourcePlaceholder', { year })}
                  data-testid="calendar-source-title"
                />
              </Form.Item>
              <Form.Item
                name="source_date"
                label={t('calendar.sourceDate')}
                rules={[{ required: true, message: t('calendar.sourceRequired') }]}
              >
                <DatePicker data-testid="calendar-source-date" />
              </Form.Item>
              <Form.Item>
                <Button htmlType="submit" loading={putSource.isPending} data-testid="calendar-source-save">
                  {t('calendar.saveSource')}
                </Button>
              </Form.Item>
            </Form>
          )}
          <ProblemAlert error={putSource.error ?? prefill.error} />
          {!confirmed && (
            <Space wrap>
              <Upload
                accept=".csv,.json"
                showUploadList={false}
                beforeUpload={(file) => {
                  void onFile(file);
                  return false;
                }}
              >
                <Button loading={importYear.isPending} data-testid="calendar-import">
                  {t('calendar.import')}
                </Button>
              </Upload>
              <Button
                onClick={() => void prefill.mutateAsync(undefined).catch(() => undefined)}
                loading={prefill.isPending}
                disabled={!data.library_known}
                data-testid="calendar-prefill"
              >
                {t('calendar.prefill')}
              </Button>
              <Popconfirm
                title={t('calendar.confirmTitle', { year })}
                description={t('calendar.confirmBody')}
                onConfirm={() => confirm.mutateAsync(undefined).catch(() => undefined)}
                okButtonProps={{ 'data-testid': 'calendar-confirm-ok' } as ButtonProps}
              >
                <Button type="primary" loading={confirm.isPending} data-testid="calendar-confirm">
                  {t('calendar.confirm')}
                </Button>
              </Popconfirm>
            </Space>
          )}
          <Typography.Text type="secondary">{t('calendar.importHelp')}</Typography.Text>
          {importYear.error != null && <ImportErrors error={importYear.error} />}
          <ProblemAlert error={confirm.error} />
          {confirm.data && (
            <Alert
              type="success"
              showIcon
              data-testid="calendar-confirmed"
              message={t('calendar.confirmedDone', { year, n: confirm.data.recomputed.length })}
            />
          )}
        </Space>
      </Card>
      <Space wrap size="small" aria-hidden>
        <Tag style={MARK_STYLE.holiday}>{t('calendar.mark_holiday')}</Tag>
        <Tag style={MARK_STYLE.makeup}>{t('calendar.mark_makeup')}</Tag>
        <Tag style={MARK_STYLE.weekend}>{t('calendar.mark_weekend')}</Tag>
      </Space>
      <Row gutter={[12, 12]}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <Col key={m} xs={24} sm={12} lg={8} xl={6}>
            <Month year={year} month={m} entered={entered} onPick={setPicked} />
          </Col>
        ))}
      </Row>
      {picked && <DayEditor key={picked} day={picked} entry={entered.get(picked)} onClose={() => setPicked(null)} />}
    </Space>
  );
}
