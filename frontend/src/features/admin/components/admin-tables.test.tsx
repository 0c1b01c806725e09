import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithApp } from '@/testing/test-utils';
import type { AdminUser, ReviewedOrganisation } from '@/types/api';
import { OrganisationsTable } from './organisations-table';
import { UsersTable } from './users-table';

afterEach(() => vi.unstubAllGlobals());

const org = (name: string, status: ReviewedOrganisation['status'], allowed: string[]): ReviewedOrganisation => ({
  id: `o-${name}`,
  name,
  kind: 'vendor',
  district: '西湖区',
  credit_code: '91330106MA2H00001C',
  status,
  created_at: '2026-12-01T00:00:00Z',
  verified_at: null,
  rejection_reason: status === 'rejected' ? '材料不全' : null,
  rejected_at: null,
  allowed_actions: allowed,
});

const user = (name: string, status: AdminUser['status'], allowed: string[]): AdminUser => ({
  id: `u-${name}`,
  username: name,
  display_name: name,
  status,
  roles: ['vendor'],
  organisation_id: 'o-1',
  organisation_name: '示例机构',
  totp_enabled: false,
  allowed_actions: allowed,
});

// As the gateway's lifecycles answer for each status (tests/gateway/test_lifecycle.py).
const ORGS = [
  org('待审机构', 'pending', ['reject', 'suspend', 'verify']),
  org('正常机构', 'active', ['suspend']),
  org('退回机构', 'rejected', []),
  org('停用机构', 'suspended', ['reactivate']),
];
const USERS = [user('zhang', 'active', ['suspend']), user('li', 'suspended', ['activate'])];

function serve() {
  const fetch = vi.fn((req: Request) => {
    const path = new URL(req.url).pathname;
    if (path.endsWith('/api/admin/organisations')) return Promise.resolve(jsonResponse(ORGS));
    if (path.endsWith('/api/admin/users')) return Promise.resolve(jsonResponse(USERS));
    return Promise.resolve(jsonResponse({ type: 'about:blank', title: 'Unauthorized', status: 401 }, 401));
  });
  vi.stubGlobal('fetch', fetch);
}

const buttons = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('button')
    .map((b) => b.textContent?.replace(/\s/g, ''));

describe('the admin tables offer only the actions the lifecycle allows', () => {
  it('shows no 停用 for a rejected organisation and 恢复 only for a suspended one', async () => {
    serve();
    renderWithApp(<OrganisationsTable />);
    const row = async (name: string) => (await screen.findByText(name)).closest('tr') as HTMLElement;
    expect(buttons(await row('退回机构'))).toEqual([]);
    expect(buttons(await row('待审机构'))).toEqual(['审核通过', '停用']);
    expect(buttons(await row('正常机构'))).toEqual(['停用']);
    expect(buttons(await row('停用机构'))).toEqual(['恢复']);
  });

  it('shows 停用 for an active user and 恢复 for a suspended one, never both', async () => {
    serve();
    renderWithApp(<UsersTable />);
    const row = async (name: string) => (await screen.findAllByText(name))[0]!.closest('tr') as HTMLElement;
    const active = buttons(await row('zhang'));
    expect(active).toContain('停用');
    expect(active).not.toContain('恢复');
    const suspended = buttons(await row('li'));
    expect(suspended).toContain('恢复');
    expect(suspended).not.toContain('停用');
  });
});
