import { Button, Select, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { useCalendarYear, useCalendarYears } from '@/features/calendar/api/calendar';
import { YearView } from '@/features/calendar/components/year-view';

export default function AdminCalendarRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const years = useCalendarYears();
  // Without ?year= the screen opens on the first year still to confirm (next year from November), else this year.
  const fallback = years.data?.find((y) => y.status !== 'confirmed')?.year ?? years.data?.[0]?.year;
  const year = Number(params.get('year')) || fallback || new Date().getFullYear();
  const data = useCalendarYear(year);
  const go = (y: number) => setParams({ year: String(y) });
  const options = [...new Set([...(years.data ?? []).map((y) => y.year), year - 1, year, year + 1])].sort();

  return (
    <div className="page">
      <Link to="/admin">← {t('codelists.back')}</Link>
      <Typography.Title level={3}>{t('calendar.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('calendar.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Button onClick={() => go(year - 1)} aria-label={t('calendar.prevYear')}>
          ‹
        </Button>
        <Select
          aria-label={t('calendar.pickYear')}
          value={year}
          onChange={go}
          style={{ width: 140 }}
          data-testid="calendar-year-select"
          options={options.map((y) => {
            const s = years.data?.find((x) => x.year === y)?.status ?? 'unconfirmed';
            return { value: y, label: `${y} · ${t(`calendar.status_${s}`)}` };
          })}
        />
        <Button onClick={() => go(year + 1)} aria-label={t('calendar.nextYear')}>
          ›
        </Button>
      </Space>
      <ProblemAlert error={data.error ?? years.error} />
      {data.isLoading && <Skeleton active />}
      {data.data && <YearView key={year} data={data.data} />}
    </div>
  );
}
