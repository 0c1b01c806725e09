import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '@/testing/test-utils';
import type { Application } from '@/types/api';
import { ApplicationDossier, commitmentRows, isExpired } from './application-dossier';

const application = {
  id: 'a1',
  challenge_id: 'c1',
  org_id: 'o1',
  org_name: '杭州澄光视觉科技有限公司',
  status: 'opened',
  version: 1,
  receipt_no: 'SG1',
  sha256: 'f'.repeat(64),
  submitted_at: '2026-11-01T02:00:00Z',
  confirmed_at: null,
  flags: [],
  qualification_reason: '',
  fixup_due_at: null,
  fixup_response: null,
  score: null,
  rank: null,
  content: {
    lead: { org_name: '杭州澄光视觉科技有限公司', credit_code: '', district: '滨江区', contact: '' },
    consortium: [],
    project_leader: { name: '张工', title: '', phone: '' },
    qualifications: [{ label: '安防资质', level: '', certificate_no: '', valid_until: '2020-01-01' }],
    commitments: [{ metric: '功耗', value: '5W' }],
    plan: '分三阶段交付。',
    budget: { total: 1_800_000, items: [{ item: '设备', amount: 1_000_000 }] },
    declarations: { truthful: true, no_collusion: true },
  },
  documents: [{ index: 0, name: '说明.txt', content_type: 'text/plain', size: 2048, sha256: 'a'.repeat(64) }],
} as Application;

describe('ApplicationDossier', () => {
  it('puts each indicator beside its commitment and keeps commitments the challenge did not ask for', () => {
    expect(commitmentRows([{ metric: '准确率', target: '95', unit: '%', verification: '' }], [{ metric: '功耗', value: '5W' }])).toEqual([
      { metric: '准确率', target: '95%', value: null },
      { metric: '功耗', target: null, value: '5W' },
    ]);
  });

  it('judges only YYYY-MM-DD dates as expired', () => {
    expect(isExpired('2020-01-01', '2026-12-03')).toBe(true);
    expect(isExpired('2026-12-03', '2026-12-03')).toBe(false);
    expect(isExpired('长期有效', '2026-12-03')).toBe(false);
    expect(isExpired(undefined, '2026-12-03')).toBe(false);
  });

  // Eight antd tables and descriptions render slowly in jsdom on a loaded machine.
  it('flags an expired qualification, a missing commitment and budget items that miss the total', { timeout: 60_000 }, () => {
    renderWithApp(
      <ApplicationDossier application={application} indicators={[{ metric: '准确率', target: '95', unit: '%', verification: '' }]} />,
    );
    expect(within(screen.getByTestId('dossier-qualifications')).getByText('已过期')).toBeInTheDocument();
    const commitments = screen.getByTestId('dossier-commitments');
    expect(within(commitments).getByText('未承诺')).toBeInTheDocument();
    expect(within(commitments).getByText('榜单未设此指标')).toBeInTheDocument();
    expect(screen.getByTestId('budget-mismatch')).toHaveTextContent('分项合计 100 万元 与预算总额 180 万元 不一致');
    expect(screen.getByTestId('dossier-plan')).toHaveTextContent('分三阶段交付。');
    // A text file is listed and downloadable, never previewed in place.
    expect(within(screen.getByTestId('dossier-documents')).getByText('说明.txt')).toBeInTheDocument();
    expect(screen.queryByText(/^预\s*览$/)).not.toBeInTheDocument();
    expect(screen.queryByTestId('document-preview')).not.toBeInTheDocument();
  });
});
