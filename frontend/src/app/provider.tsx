import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, theme } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FeedbackProvider } from '@/components/ui/feedback';
import { AuthProvider } from '@/lib/auth';
import { ProblemError } from '@/lib/problem';
import { antdLocale } from '@/lib/i18n';

export const appTheme = {
  algorithm: theme.defaultAlgorithm,
  token: {
    colorPrimary: '#1f5fbf',
    colorInfo: '#1f5fbf',
    borderRadius: 8,
    fontFamily:
      '"PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    fontSize: 14,
    colorBgLayout: '#f4f7fb',
    // antd's greys (45% black) fall short of WCAG AA contrast on white and on the layout grey.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 60, headerPadding: '0 24px' },
  },
};

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Problems in the 4xx range are answers, not outages: do not retry them.
        retry: (count, error) => !(error instanceof ProblemError && error.status < 500) && count < 2,
      },
    },
  });
}

function Localised({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  dayjs.locale(en ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={antdLocale(i18n.language)} theme={appTheme}>
      <FeedbackProvider>{children}</FeedbackProvider>
    </ConfigProvider>
  );
}

export function AppProvider({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? makeQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <Localised>
        <AuthProvider>{children}</AuthProvider>
      </Localised>
    </QueryClientProvider>
  );
}
