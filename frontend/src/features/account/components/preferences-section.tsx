import { Checkbox, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { usePreferences, useSavePreference, type Preference } from '../api/contacts';

interface Row {
  kind: string;
  label: string;
  email?: Preference;
  sms?: Preference;
}

export function PreferencesSection() {
  const { t, i18n } = useTranslation();
  const { data = [], error } = usePreferences();
  const save = useSavePreference();
  const english = i18n.language.startsWith('en');
  const rows = new Map<string, Row>();
  for (const p of data) {
    const row = rows.get(p.kind) ?? { kind: p.kind, label: english ? p.label_en : p.label };
    row[p.channel] = p;
    rows.set(p.kind, row);
  }
  const cell = (p: Preference | undefined, channel: string, label: string) =>
    p ? (
      <Checkbox
        checked={p.enabled}
        aria-label={`${label} — ${channel}`}
        onChange={(e) => save.mutate({ kind: p.kind, channel: p.channel, enabled: e.target.checked })}
      />
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  return (
    <>
      <Typography.Paragraph type="secondary">{t('contacts.prefsIntro')}</Typography.Paragraph>
      <ProblemAlert error={error ?? save.error} />
      <Table<Row>
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={[...rows.values()]}
        columns={[
          { title: t('contacts.kind'), dataIndex: 'label' },
          { title: t('contacts.inApp'), render: () => <Checkbox checked disabled aria-label={t('contacts.inApp')} /> },
          { title: t('contacts.email'), render: (_, r) => cell(r.email, t('contacts.email'), r.label) },
          { title: t('contacts.sms'), render: (_, r) => cell(r.sms, t('contacts.sms'), r.label) },
        ]}
      />
    </>
  );
}
