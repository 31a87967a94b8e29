'use client';
import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/components/i18n-provider';
import { setLocaleAction } from '@/lib/server/actions/locale';
import { LOCALES, type Locale } from '@/lib/i18n/locales';

const NAMES: Record<Locale, string> = { en: 'English', 'zh-TW': '繁體中文' };

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div role="group" aria-label={t('shell.language')} className="inline-flex overflow-hidden rounded border border-neutral-300 text-sm">
      {LOCALES.map((value) => (
        <button
          key={value}
          type="button"
          lang={value}
          aria-pressed={value === locale}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              if (value === locale) return;
              await setLocaleAction({ locale: value });
              router.refresh();
            })
          }
          className={`px-2.5 py-1 ${value === locale ? 'bg-brand text-white' : 'bg-white text-neutral-800 hover:bg-neutral-100'}`}
        >
          {NAMES[value]}
        </button>
      ))}
    </div>
  );
}
