import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { LANG_KEY } from '@/lib/i18n';
import { renderWithApp } from '@/testing/test-utils';
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
});
