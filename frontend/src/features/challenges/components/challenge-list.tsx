import { Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Countdown } from '@/components/ui/countdown';
import { StatusTag } from '@/components/ui/status-tag';
import { Term } from '@/components/ui/term';
import { formatWan } from '@/lib/money';
import { formatBeijing } from '@/lib/time';
import type { ChallengeSummary } from '@/types/api';

// Plain markup instead of antd List: this renders on the public home page, whose initial
// JavaScript is budgeted, and List drags in pagination and select.
export function ChallengeList({
  items,
  loading,
  link = (c) => `/challenges/${c.id}`,
}: {
  items: ChallengeSummary[];
  loading?: boolean;
  link?: (c: ChallengeSummary) => string;
}) {
  const { t } = useTranslation();
  if (loading) return <Spin style={{ display: 'block', margin: '24px auto' }} />;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;
  return (
    <ul className="item-list" data-testid="challenge-list">
      {items.map((c) => (
        <li key={c.id}>
          <div className="item-title">
            <Link to={link(c)}>{c.title}</Link>
            <StatusTag status={c.status} />
            {c.mode === 'horse_race' && <Tag color="orange">{t('challenge.horseRace')}</Tag>}
            {c.status === 'open' && c.application_deadline && <Countdown deadline={c.application_deadline} />}
          </div>
          <div className="item-meta">
            {c.end_tags.map((tag) => (
              <Term key={tag} value={tag} color="blue" />
            ))}
            {c.scenario_domain && <Term value={c.scenario_domain} />}
            {c.owner_org_name && <span>{c.owner_org_name}</span>}
            {c.reward_amount != null && (
              <span>
                {t('challenge.reward')}: {formatWan(c.reward_amount)}
              </span>
            )}
            {c.application_deadline && (
              <span>
                {t('challenge.deadline')}: {formatBeijing(c.application_deadline)} {t('time.beijing')}
              </span>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
