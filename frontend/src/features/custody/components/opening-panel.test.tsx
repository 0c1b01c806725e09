import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenStore } from '@/lib/token-store';
import { jsonResponse, renderWithApp } from '@/testing/test-utils';
import { OpeningPanel } from './opening-panel';

// The cryptography is opening.test.ts's and keystore.test.ts's (in node, where WebCrypto and
// jsdom's buffers agree); here the panel's wiring: the browser key, one fetch, one post, the answer.
const keyPair = { privateKey: {}, publicKey: {} };
const opened = vi.hoisted(() => vi.fn());
vi.mock('../keystore', () => ({ loadKey: vi.fn((id: string) => Promise.resolve(id === 'gov1' ? { keyPair } : null)) }));
vi.mock('../opening', () => ({ openMyShares: opened }));

const ME = {
  user: { id: 'gov1', username: 'gov1', display_name: '刘处长' },
  roles: ['gov_reviewer'],
  organisation: null,
  totp_enrolment_required: false,
};

function status(state: string, submitted: number) {
  return {
    challenge_id: 'ch-1',
    state,
    threshold: 2,
    envelopes: 2,
    submitted,
    window_ends_at: null,
    extensions: 0,
    opened_at: null,
    custodians: [
      { user_id: 'gov1', display_name: '刘处长', fingerprint: null, submitted_at: submitted ? '2026-12-03T01:00:00Z' : null },
      { user_id: 'gov2', display_name: '黄科长', fingerprint: null, submitted_at: null },
    ],
    failures: [],
  };
}

afterEach(() => {
  tokenStore.set(null);
  vi.unstubAllGlobals();
});

describe("the custodian's opening action", () => {
  it('opens its shares with the browser key, reports the one sealed to another key, and posts the rest in one request', async () => {
    const items = [
      { application_id: 'app-a', header: { custodians: [] }, share: { custodian_id: 'gov1', enc: 'e', ciphertext: 'c' } },
      { application_id: 'app-b', header: { custodians: [] }, share: { custodian_id: 'gov1', enc: 'e', ciphertext: 'c' } },
    ];
    opened.mockImplementation((given: unknown[], custodian: string, pair: unknown, progress: (d: number, t: number) => void) => {
      expect([given, custodian, pair]).toEqual([items, 'gov1', keyPair]);
      progress(2, 2);
      return Promise.resolve({ shares: [{ application_id: 'app-a', share: 'c2hhcmU' }], otherKey: ['app-b'], refused: [] });
    });
    let posted: { shares: { application_id: string; share: string }[] } | null = null;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url).pathname;
        if (path === '/api/auth/me') return jsonResponse(ME);
        if (path.endsWith('/opening/shares/mine')) return jsonResponse({ items });
        if (path.endsWith('/opening/shares') && req.method === 'POST') {
          posted = (await req.json()) as typeof posted;
          return jsonResponse(status('awaiting_custodians', 1));
        }
        if (path.endsWith('/opening')) return jsonResponse(status('awaiting_custodians', 0));
        return jsonResponse({}, 404);
      }),
    );
    tokenStore.set({ access_token: 'a', expires_at: Date.now() + 600_000 });
    renderWithApp(<OpeningPanel challengeId="ch-1" custodians={['gov1', 'gov2']} />);
    await userEvent.click(await screen.findByTestId('open-my-shares'));
    await waitFor(() => expect(screen.getByTestId('opening-answer')).toHaveTextContent('已提交 1 份份额'));
    expect(screen.getByTestId('opening-answer')).toHaveTextContent('仍在等待其他开标人（需要 2 位）');
    expect(screen.getByText(/1 份申报封装所用的密钥不是本浏览器中的密钥/)).toBeInTheDocument();
    expect(posted).toEqual({ shares: [{ application_id: 'app-a', share: 'c2hhcmU' }] });
    expect(screen.queryByTestId('open-my-shares')).toBeNull();
  });

  it('offers no action to someone who is not a custodian', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url).pathname;
        if (path === '/api/auth/me') return jsonResponse({ ...ME, user: { ...ME.user, id: 'someone' } });
        if (path.endsWith('/opening')) return jsonResponse(status('awaiting_custodians', 0));
        return jsonResponse({}, 404);
      }),
    );
    tokenStore.set({ access_token: 'a', expires_at: Date.now() + 600_000 });
    renderWithApp(<OpeningPanel challengeId="ch-1" custodians={['gov1', 'gov2']} />);
    expect(await screen.findByTestId('opening-progress')).toHaveTextContent('已提交份额 0 / 需要 2');
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('open-my-shares')).toBeNull();
  });
});
