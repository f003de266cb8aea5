import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
// the ES builds of the locales: the CommonJS ones arrive wrapped in { default } after bundling
import { useEffect, useRef, type ReactNode } from 'react';
import { registerFeedback, showError, toast } from '../ui/feedback';
import { ApiError, setUnauthorizedHandler } from './api';
import { ME_KEY } from './auth';
import { translate, useLang } from './i18n';

/** Queries report their own failures unless they say `meta: { quiet: true }`; 401s redirect instead. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (e, query) => {
      if (query.meta?.quiet) return;
      showError(e);
    },
  }),
  mutationCache: new MutationCache({
    onError: (e, _v, _c, mutation) => {
      if (mutation.meta?.quiet) return;
      showError(e);
    },
  }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      retry: (count, e) => !(e instanceof ApiError && e.status > 0 && e.status < 500) && count < 2,
    },
  },
});

let lastExpiredNotice = 0;
setUnauthorizedHandler((e) => {
  // Keep nothing of the old session; RequireAuth sees `null` and shows the login page.
  queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  queryClient.setQueryData(ME_KEY, null);
  const now = Date.now();
  if (now - lastExpiredNotice > 3000) {
    lastExpiredNotice = now;
    toast()?.warning(e.code === 'SESSION_EXPIRED' ? e.message : translate('session.expired'));
  }
});

/** Chinese weekday and month names for date pickers without loading a dayjs locale. */
function withPickerNames(locale: Locale, lang: 'zh-CN' | 'en'): Locale {
  if (lang !== 'zh-CN' || !locale.DatePicker) return locale;
  const dp = locale.DatePicker;
  return {
    ...locale,
    DatePicker: {
      ...dp,
      lang: {
        ...dp.lang,
        shortWeekDays: ['日', '一', '二', '三', '四', '五', '六'],
        shortMonths: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
      },
    },
  };
}

const zhLocale = withPickerNames(zhCN, 'zh-CN');

function FeedbackBridge() {
  const app = AntApp.useApp();
  useEffect(() => registerFeedback(app), [app]);
  return null;
}

/** Server texts (error messages, labels) follow the language, so cached answers are refetched on a switch. */
function RefetchOnLanguage() {
  const lang = useLang();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    queryClient.invalidateQueries();
  }, [lang]);
  return null;
}

export const BRAND = {
  primary: '#1f5aa6',
  red: '#c4161c',
};

export function Providers({ children }: { children: ReactNode }) {
  const lang = useLang();
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={lang === 'en' ? enUS : zhLocale}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: { colorPrimary: BRAND.primary, borderRadius: 6, fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif' },
          components: { Layout: { headerBg: '#ffffff', siderBg: '#0f2747', headerPadding: '0 20px' }, Menu: { darkItemBg: '#0f2747', darkSubMenuItemBg: '#0b1f3a' } },
        }}
      >
        <AntApp>
          <FeedbackBridge />
          <RefetchOnLanguage />
          {children}
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
