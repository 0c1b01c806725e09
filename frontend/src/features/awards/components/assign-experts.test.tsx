import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithApp } from '@/testing/test-utils';
import { AssignExperts } from './assign-experts';

afterEach(() => vi.unstubAllGlobals());

const DIRECTORY = [
  { id: 'u-e1', username: 'expert1', display_name: '陈教授', organisation_id: null, organisation_name: null },
  { id: 'u-e2', username: 'expert2', display_name: '李研究员', organisation_id: 'o-uni', organisation_name: '浙江大学' },
  { id: 'u-e4', username: 'expert4', display_name: '冯工程师', organisation_id: 'o-v2', organisation_name: '杭州湘湖智感科技有限公司' },
];

describe('AssignExperts', () => {
  it('picks experts by name from the directory and sends their ids', async () => {
    const posted: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        if (req.url.endsWith('/api/directory/experts')) return jsonResponse(DIRECTORY);
        if (req.method === 'POST') {
          posted.push(await req.json());
          return jsonResponse([]);
        }
        return jsonResponse([{ user_id: 'u-e1', coi_signed_at: null, assignments: 2 }]);
      }),
    );
    renderWithApp(<AssignExperts challengeId="c1" canAssign />);
    // The panel names the expert instead of showing a user id.
    expect(await screen.findByText('陈教授（expert1）')).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('combobox'));
    await user.type(screen.getByRole('combobox'), 'expert4');
    const listbox = await screen.findByRole('listbox');
    await waitFor(() => expect(document.querySelector('.ant-select-item-option')).not.toBeNull());
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
    // Already on the panel: not offered again; the affiliation is shown (it drives recusal).
    expect(options).toEqual(['冯工程师（expert4 · 杭州湘湖智感科技有限公司）']);
    expect(listbox).toBeInTheDocument();
    await user.click(document.querySelector('.ant-select-item-option') as HTMLElement);
    await user.click(screen.getByRole('button', { name: /指\s*派/ }));
    await waitFor(() => expect(posted).toEqual([{ user_ids: ['u-e4'] }]));
  });
});
