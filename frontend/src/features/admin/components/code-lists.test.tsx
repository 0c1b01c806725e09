import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithApp } from '@/testing/test-utils';
import { CodeListTables } from './code-lists';

afterEach(() => vi.unstubAllGlobals());

const item = (code: string, extra: { label_zh?: string; label_en?: string | null; group?: string | null } = {}) => ({
  code,
  label_zh: extra.label_zh ?? code,
  label_en: extra.label_en ?? null,
  group: extra.group ?? null,
});

const LISTS = {
  layers: [item('基础层', { label_en: 'Foundation layer' }), item('技术层'), item('应用层')],
  layer_items: [item('智能芯片', { group: '基础层' }), item('感知智能', { group: '技术层' })],
  seven_ends: [item('工业视觉', { group: '应用层' })],
  future_fields: [item('6G')],
  scenario_domains: [item('交通')],
  districts: [item('滨江区', { group: '核心区' }), item('西湖区')],
  qualification_labels: [item('隐形冠军')],
  qualification_levels: [item('national', { label_zh: '国家级', label_en: 'National' })],
  recognition_schemes: [item('首台套')],
  product_categories: [item('普通产品')],
  demand_types: [item('技术攻关')],
  publisher_kinds: [item('国有企业')],
  cooperation_modes: [item('联合研发')],
};

describe('CodeListTables', () => {
  it('shows every code list in its own table with Chinese and English names', async () => {
    const fetch = vi.fn((req: Request) => Promise.resolve(jsonResponse(LISTS, req.method === 'GET' ? 200 : 405)));
    vi.stubGlobal('fetch', fetch);
    renderWithApp(<CodeListTables />);
    const layers = await screen.findByTestId('codelist-layers');
    expect(within(layers).getByText('三层')).toBeInTheDocument();
    expect(within(layers).getByText('Foundation layer')).toBeInTheDocument();
    expect(within(layers).getByText('共 3 项')).toBeInTheDocument();
    // The English name comes from the taxonomy translations when the server sends none.
    expect(within(layers).getByText('Technology layer')).toBeInTheDocument();
    const fields = screen.getByTestId('codelist-layer_items');
    expect(within(fields).getByRole('columnheader', { name: '分组' })).toBeInTheDocument();
    expect(within(fields).getAllByText('基础层')).toHaveLength(1);
    const levels = screen.getByTestId('codelist-qualification_levels');
    expect(within(levels).getByText('国家级')).toBeInTheDocument();
    expect(within(levels).queryByRole('columnheader', { name: '分组' })).toBeNull();
    for (const name of Object.keys(LISTS)) expect(screen.getByTestId(`codelist-${name}`)).toBeInTheDocument();
    // The first call restores a session from the refresh cookie (none here); the lists come next.
    const urls = fetch.mock.calls.map(([req]) => (req as Request).url).filter((url) => !url.endsWith('/api/auth/refresh'));
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/\/api\/matching\/codelists$/);
  });
});
