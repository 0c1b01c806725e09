import { useQuery } from '@tanstack/react-query';
import { Button, Col, Empty, Row, Spin } from 'antd';
import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { matchingHref, workflowHref } from '@/api/clients';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { Term } from '@/components/ui/term';
import { useChallenges } from '@/features/challenges/api/get-challenges';
import { ChallengeList } from '@/features/challenges/components/challenge-list';
import { batchesQueryOptions, useLatestDemands } from '@/features/demands/api/demands';

// Suggestions need antd's AutoComplete: loaded after the page, the plain form standing in meanwhile. The box
// takes over what was typed and, when the plain input had it, the focus, so typing goes on across the swap.
const SearchBox = lazy(() => import('@/features/search/components/search-box').then((m) => ({ default: m.SearchBox })));

// The public landing page keeps to light components (no Card/List/Input): see docs/benchmarks.md.
function Panel({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel">
      <header>
        <h2>{title}</h2>
        {extra}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export default function HomeRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [typing, setTyping] = useState(false);
  const challenges = useChallenges({ status: 'open' });
  const demands = useLatestDemands(8);
  const batches = useQuery(batchesQueryOptions());
  const latestBatch = (batches.data ?? []).find((b) => b.status === 'published');

  const go = (text: string) => void navigate(text.trim() ? `/search?q=${encodeURIComponent(text.trim())}` : '/search');
  const search = (e: FormEvent) => {
    e.preventDefault();
    go(q);
  };

  return (
    <div className="page">
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.subtitle')}</p>
        <Suspense
          fallback={
            <form className="hero-search" onSubmit={search} role="search">
              <input
                value={q}
                onChange={(e) => setQ(e.target.value)}
                onFocus={() => setTyping(true)}
                onBlur={() => setTyping(false)}
                placeholder={t('search.placeholder')}
                aria-label={t('search.placeholder')}
              />
              <Button type="primary" htmlType="submit" size="large">
                {t('search.button')}
              </Button>
            </form>
          }
        >
          <div className="hero-suggest" role="search">
            <SearchBox defaultValue={q} onSearch={go} takeFocus={typing} />
          </div>
        </Suspense>
      </section>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={14}>
          <Panel title={t('home.openChallenges')} extra={<Link to="/search?kind=challenge">{t('common.more')}</Link>}>
            <ProblemAlert error={challenges.error} />
            <ChallengeList items={challenges.data ?? []} loading={challenges.isLoading} />
          </Panel>
        </Col>
        <Col xs={24} lg={10}>
          <Panel
            title={latestBatch ? t('home.opportunityListOf', { name: latestBatch.name }) : t('home.opportunityList')}
            extra={<Link to="/search?kind=demand">{t('common.more')}</Link>}
          >
            <ProblemAlert error={demands.error} />
            {demands.isLoading ? (
              <Spin style={{ display: 'block', margin: '24px auto' }} />
            ) : (demands.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
            ) : (
              <ul className="item-list" data-testid="demand-list">
                {(demands.data ?? []).map((d) => (
                  <li key={d.id}>
                    <div className="item-title">
                      <Link to={`/demands/${d.id}`}>{d.title}</Link>
                    </div>
                    <div className="item-meta">
                      {d.district.map((x) => (
                        <Term key={x} value={x} />
                      ))}
                      {d.end_tags.map((x) => (
                        <Term key={x} value={x} color="blue" />
                      ))}
                      {d.org_name && <span>{d.org_name}</span>}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
          <Panel title={t('home.openData')}>
            <p>{t('home.openDataText')}</p>
            <div className="item-meta">
              <a href={matchingHref('/search', {}, { kind: 'demand', hits_per_page: 100 })}>{t('home.jsonDemands')}</a>
              <a href={workflowHref('/challenges', {}, { limit: 100 })}>{t('home.jsonChallenges')}</a>
              <a href={matchingHref('/demands.csv')} download>
                {t('home.csvDemands')}
              </a>
              <a href={workflowHref('/challenges.csv')} download>
                {t('home.csvChallenges')}
              </a>
            </div>
          </Panel>
        </Col>
      </Row>
    </div>
  );
}
