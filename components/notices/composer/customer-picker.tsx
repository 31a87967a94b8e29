'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { searchNoticeCustomersAction } from '@/lib/server/actions/notice-compose';
import type { ComposerCustomerMatch } from '@/lib/server/data/notice-composer';

const SEARCH_DELAY_MS = 200;

/**
 * A combobox that searches the partner's customers by name or domain as the user types (a few
 * matches from the server at a time, so it works for any number of customers) and picks one:
 * arrow keys move through the matches, Enter picks, Escape closes. The picked customers are
 * shown by the composer as removable chips.
 */
export function CustomerPicker({
  selectedIds,
  onPick,
  invalid,
  describedBy,
}: {
  selectedIds: readonly string[];
  onPick: (customer: ComposerCustomerMatch) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const inputId = 'customer-search';
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<ComposerCustomerMatch[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const request = useRef(0);

  useEffect(() => {
    const text = query.trim();
    if (text === '') return;
    const number = ++request.current;
    const timer = setTimeout(async () => {
      const result = await searchNoticeCustomersAction(text);
      if (number !== request.current) return;
      const found = result.ok ? result.customers : [];
      setMatches(found);
      setActive(found.length > 0 ? 0 : -1);
      setOpen(true);
      setStatus(result.ok ? t('noticeComposer.picker.results', { count: found.length }) : t('noticeErrors.codes.unexpected'));
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, t]);

  const pick = (match: ComposerCustomerMatch | undefined) => {
    if (!match) return;
    if (!selectedIds.includes(match.id)) onPick(match);
    setStatus(t('noticeComposer.picker.added', { name: match.companyName }));
    setQuery('');
    setMatches([]);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (matches.length === 0 ? -1 : (index + 1) % matches.length));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => (matches.length === 0 ? -1 : (index - 1 + matches.length) % matches.length));
    } else if (event.key === 'Enter') {
      // Enter picks the active match; it never submits the notice form from here.
      event.preventDefault();
      if (open) pick(matches[active]);
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setOpen(false);
      }
    }
  };

  const expanded = open && query.trim() !== '';
  return (
    <div className="relative max-w-xl">
      <label htmlFor={inputId} className="block text-sm font-medium">
        {t('noticeComposer.picker.label')}
      </label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={[`${inputId}-hint`, describedBy].filter(Boolean).join(' ')}
        value={query}
        maxLength={200}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
          if (event.target.value.trim() === '') {
            request.current += 1;
            setMatches([]);
            setStatus('');
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onFocus={() => setOpen(true)}
        className="mt-1 block w-full rounded border border-neutral-500 bg-white px-3 py-2 aria-[invalid=true]:border-red-700"
      />
      <p id={`${inputId}-hint`} className="mt-1 text-sm text-neutral-700">
        {t('noticeComposer.picker.hint')}
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label={t('noticeComposer.picker.listLabel')}
        hidden={!expanded}
        className="absolute z-10 mt-1 max-h-72 w-full overflow-auto rounded border border-neutral-300 bg-white shadow-lg"
      >
        {matches.length === 0 ? (
          <li role="option" aria-selected={false} aria-disabled="true" id={`${listId}-none`} className="px-3 py-2 text-sm text-neutral-700">
            {t('noticeComposer.picker.none')}
          </li>
        ) : (
          matches.map((match, index) => {
            const taken = selectedIds.includes(match.id);
            return (
              <li
                key={match.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(match)}
                className={`cursor-pointer px-3 py-2 text-sm ${index === active ? 'bg-brand text-white' : 'hover:bg-neutral-100'}`}
              >
                <span className="font-medium">{match.companyName}</span>
                <span className={index === active ? 'ml-2 text-white' : 'ml-2 text-neutral-700'}>{match.domain}</span>
                {taken ? <span className="ml-2">({t('noticeComposer.picker.alreadyAdded')})</span> : null}
              </li>
            );
          })
        )}
      </ul>
      <p role="status" aria-live="polite" className="sr-only">
        {status}
      </p>
    </div>
  );
}
