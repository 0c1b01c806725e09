import type { Locale } from 'antd/es/locale';
import antdZhCN from 'antd/locale/zh_CN';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from '@/locales/zh-cn';

export const LANG_KEY = 'shigu.lang';
export type Lang = 'zh-CN' | 'en';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

// Chinese ships in the entry chunk; English (the app's texts and antd's) is fetched the first time it is
// chosen, so that the first page of a Chinese-speaking visitor does not carry the other language.
const antdLocales: Partial<Record<Lang, Locale>> = { 'zh-CN': antdZhCN };

export async function loadLang(lang: Lang): Promise<void> {
  if (lang !== 'en' || antdLocales.en) return;
  const [texts, antd] = await Promise.all([import('@/locales/en'), import('antd/locale/en_US')]);
  i18n.addResourceBundle('en', 'translation', texts.en, true, true);
  antdLocales.en = antd.default;
}

/** antd's texts for `lang` once loaded (Chinese until then). */
export function antdLocale(lang: string): Locale {
  return (lang === 'en' && antdLocales.en) || antdZhCN;
}

export async function setLang(lang: Lang): Promise<unknown> {
  localStorage.setItem(LANG_KEY, lang);
  await loadLang(lang);
  document.documentElement.lang = lang;
  return i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves once the stored language is loaded and chosen: the app renders after it, without a flash of Chinese. */
export const i18nReady: Promise<unknown> = storedLang() === 'en' ? setLang('en') : Promise.resolve();

export default i18n;
