import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';

export type Language = 'fr' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  lang: Language;
  t: Translate;
  setLang: (lang: Language) => void;
  formatDate: (iso: string) => string;
  /** A moment: date and time of day. */
  formatDateTime: (iso: string) => string;
}

const dictionaries: Record<Language, Record<MessageKey, string>> = { fr, en };
const storageKey = 'jalon.lang';

/**
 * Fills "{name}" placeholders, and "{count|one form|other form}" by the number given as `count`:
 * French counts 0 and 1 as singular, English only 1. A missing parameter stays visible rather
 * than vanishing.
 */
export function translate(lang: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[lang][key];
  if (!params) return template;
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (whole, name: string, one: string, other: string) => {
      if (!(name in params)) return whole;
      const n = Math.abs(Number(params[name]));
      return (lang === 'fr' ? n < 2 : n === 1) ? one : other;
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLanguage(): Language {
  try {
    return globalThis.localStorage?.getItem(storageKey) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [lang, setLangState] = useState<Language>(() => initial ?? readStoredLanguage());
  useEffect(() => {
    // Screen readers pick their voice from the page language (WCAG 3.1.1).
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Language) => {
    setLangState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for the page only.
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = lang === 'fr' ? 'fr-BE' : 'en-GB';
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      formatDate: (iso) => {
        const time = Date.parse(iso);
        return Number.isNaN(time) ? iso : dateFormat.format(time);
      },
      formatDateTime: (iso) => {
        const time = Date.parse(iso);
        return Number.isNaN(time) ? iso : dateTimeFormat.format(time);
      },
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
