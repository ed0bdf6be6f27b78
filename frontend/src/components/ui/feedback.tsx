import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { errorMessage } from '@/lib/api-client';

/** A loading row: `label` says what is loading ("Loading the team"); an ellipsis follows it. */
export function Spinner({ label }: { label?: string }) {
  const intl = useIntl();
  const what = label ?? intl.formatMessage({ id: 'ui.spinner.loading', defaultMessage: 'Loading' });
  return (
    <div className="spinner-row" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{intl.formatMessage({ id: 'ui.spinner.label', defaultMessage: '{label}…' }, { label: what })}</span>
    </div>
  );
}

export function ErrorState({ message, action }: { message: string; action?: ReactNode }) {
  return (
    <div className="error-state" role="alert">
      <p>{message}</p>
      {action}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty-state">{children}</div>;
}

export function Badge({ tone = 'neutral', children, title }: { tone?: 'neutral' | 'danger' | 'info' | 'success'; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A list as a query gives it: the spinner while it loads, its error, the empty text, or the list. */
export function QueryList<T>({
  query,
  loading,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T[] | undefined };
  loading: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <Spinner label={loading} />;
  if (query.isError || !query.data) return <ErrorState message={errorMessage(query.error)} />;
  if (query.data.length === 0) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}
