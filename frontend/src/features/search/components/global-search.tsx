import { Fragment, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import type { ContactHit, DealHit } from '@callboard/contracts';
import { useGlobalSearch } from '../hooks/use-global-search';

type Hit = { kind: 'contact'; item: ContactHit } | { kind: 'deal'; item: DealHit };

const pathOf = (hit: Hit) => (hit.kind === 'contact' ? `/contacts/${hit.item.id}` : `/deals/${hit.item.id}`);

/** A hit's details (number, company, stage, owner ...) side by side, each isolated so none reorders the others. */
function Details({ parts }: { parts: ReactNode[] }) {
  return (
    <span className="global-search-sub">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          {part}
        </Fragment>
      ))}
    </span>
  );
}

/** User data (a name, a number ...), isolated and marked as such; nothing when there is none. */
const userText = (text: string | null | undefined, ltr = false) =>
  text ? (
    <bdi data-user-content dir={ltr ? 'ltr' : undefined}>
      {text}
    </bdi>
  ) : null;

/**
 * The top bar's search box (Ctrl/Cmd+K from anywhere): contacts by name, company, email or any
 * digits of a number, deals by title, only what the user may see. A combobox: arrow keys move
 * through the results, Enter opens one, Escape closes.
 */
export function GlobalSearch() {
  const intl = useIntl();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const listId = useId();
  const search = useGlobalSearch(text);
  const hits: Hit[] = search.data
    ? [...search.data.contacts.map((item) => ({ kind: 'contact' as const, item })), ...search.data.deals.map((item) => ({ kind: 'deal' as const, item }))]
    : [];

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => setActive(0), [search.data]);

  const go = (hit: Hit) => {
    setOpen(false);
    setText('');
    input.current?.blur();
    void navigate(pathOf(hit));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && hits[active]) {
      e.preventDefault();
      go(hits[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
      input.current?.blur();
    }
  };
  const showList = open && text.trim().length >= 2;
  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <div className="global-search" data-testid="global-search">
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label={intl.formatMessage({ id: 'search.input.label', defaultMessage: 'Search contacts and deals (Ctrl+K)' })}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && hits[active] ? optionId(active) : undefined}
        placeholder={intl.formatMessage({ id: 'search.input.placeholder', defaultMessage: 'Search…  Ctrl+K' })}
        value={text}
        maxLength={200}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        data-testid="global-search-input"
      />
      {showList && (
        <ul
          id={listId}
          role="listbox"
          className="global-search-results"
          aria-label={intl.formatMessage({ id: 'search.results.label', defaultMessage: 'Search results' })}
          data-testid="global-search-results"
        >
          {search.isError && (
            <li className="global-search-note">
              <FormattedMessage id="search.results.failed" defaultMessage="Search failed. Try again." />
            </li>
          )}
          {!search.isError && search.settled && !search.isFetching && hits.length === 0 && (
            <li className="global-search-note">
              <FormattedMessage id="search.results.none" defaultMessage="Nothing found for “{query}”" values={{ query: userText(text.trim()) }} />
            </li>
          )}
          {hits.map((hit, i) => (
            <li
              key={`${hit.kind}-${hit.item.id}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`global-search-option${i === active ? ' is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(hit)}
              onMouseEnter={() => setActive(i)}
              data-testid={`search-hit-${hit.kind}`}
            >
              {hit.kind === 'contact' ? (
                <>
                  <span className="global-search-kind">
                    <FormattedMessage id="search.hit.contact" defaultMessage="Contact" />
                  </span>
                  <span className="global-search-main">{userText(hit.item.name)}</span>
                  <Details parts={[userText(hit.item.phone, true), userText(hit.item.company), userText(hit.item.email, true)].filter(Boolean)} />
                </>
              ) : (
                <>
                  <span className="global-search-kind">
                    <FormattedMessage id="search.hit.deal" defaultMessage="Deal" />
                  </span>
                  <span className="global-search-main">{userText(hit.item.title)}</span>
                  <Details
                    parts={[
                      userText(hit.item.stageName),
                      userText(hit.item.contactName),
                      userText(hit.item.ownerName) ?? <FormattedMessage id="search.hit.unassigned" defaultMessage="Unassigned" />,
                    ].filter(Boolean)}
                  />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
