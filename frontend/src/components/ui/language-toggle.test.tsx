import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANG_KEY } from '@/lib/i18n';
import { tokenStore } from '@/lib/token-store';
import { jsonResponse, renderWithApp } from '@/testing/test-utils';
import { LanguageToggle } from './language-toggle';

function Page() {
  const { t } = useTranslation();
  return (
    <>
      <LanguageToggle />
      <h1>{t('home.openChallenges')}</h1>
    </>
  );
}

const ME = {
  user: { id: 'u1', username: 'vendor1', display_name: '张三' },
  roles: ['vendor'],
  organisation: null,
  totp_enrolment_required: false,
};

afterEach(() => {
  tokenStore.set(null);
  vi.unstubAllGlobals();
});

describe('LanguageToggle', () => {
  it('switches between Chinese and English and remembers the choice', async () => {
    renderWithApp(<Page />);
    expect(screen.getByRole('heading')).toHaveTextContent('正在揭榜');
    await userEvent.click(screen.getByRole('button', { name: /English/ }));
    await waitFor(() => expect(screen.getByRole('heading')).toHaveTextContent('Open challenges'));
    expect(localStorage.getItem(LANG_KEY)).toBe('en');
    await userEvent.click(screen.getByRole('button', { name: /中文/ }));
    await waitFor(() => expect(screen.getByRole('heading')).toHaveTextContent('正在揭榜'));
    expect(localStorage.getItem(LANG_KEY)).toBe('zh-CN');
  });

  it("signed in, also sets the language of the account's e-mail and SMS", async () => {
    const calls: { method: string; path: string; body: string }[] = [];
    const fetch = vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      calls.push({ method: req.method, path, body: req.method === 'PUT' ? await req.text() : '' });
      if (path === '/api/auth/me') return jsonResponse(ME);
      return jsonResponse({ email: null, email_verified_at: null, mobile: null, mobile_verified_at: null, locale: 'en' });
    });
    vi.stubGlobal('fetch', fetch);
    tokenStore.set({ access_token: 'a', expires_at: Date.now() + 600_000 });
    renderWithApp(<Page />);
    await waitFor(() => expect(calls.some((c) => c.path === '/api/auth/me')).toBe(true));
    await userEvent.click(await screen.findByRole('button', { name: /English/ }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'PUT')).toEqual([{ method: 'PUT', path: '/api/account/locale', body: '{"locale":"en"}' }]),
    );
    await userEvent.click(screen.getByRole('button', { name: /中文/ }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual(['{"locale":"en"}', '{"locale":"zh"}']));
  });

  it('signed out, changes only the screens', async () => {
    // Signed out the app still asks once whether a refresh cookie restores a session; the
    // language itself is never sent.
    const paths: string[] = [];
    const fetch = vi.fn(async (req: Request) => {
      paths.push(new URL(req.url).pathname);
      return jsonResponse({}, 401);
    });
    vi.stubGlobal('fetch', fetch);
    renderWithApp(<Page />);
    await userEvent.click(screen.getByRole('button', { name: /English/ }));
    await waitFor(() => expect(screen.getByRole('heading')).toHaveTextContent('Open challenges'));
    expect(paths.filter((p) => p !== '/api/auth/refresh')).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: /中文/ }));
  });
});
