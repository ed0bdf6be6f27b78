import { Component, type ErrorInfo, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Button } from '@/components/ui';
import './error-boundary.css';

interface ErrorBoundaryProps {
  children: ReactNode;
  /**
   * What the boundary guards, in the page's language, for the heading "{what} could not be shown"
   * ("The board"; a translation may put it first as a label: "A tábla: a megjelenítés nem sikerült").
   */
  what: string;
  /** When one of these changes (another page, another filter), a fallback gives way to a new try. */
  resetKeys?: readonly unknown[];
  /** Before "Try again" draws the children again: e.g. drop the cached data that could not be drawn. */
  onReset?: () => void;
}

interface ErrorBoundaryState {
  error: Error | null;
}

const changed = (a: readonly unknown[] = [], b: readonly unknown[] = []) => a.length !== b.length || a.some((v, i) => !Object.is(v, b[i]));

/**
 * Keeps a part of the app that fails to draw from taking the whole app down: the part shows what
 * happened and a "Try again" button; the top bar, the navigation and other pages keep working.
 * Class component because React has no hook for render errors.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // the detail for whoever opens the console; the user gets the short message
    console.error(`${this.props.what} failed to draw`, error, info.componentStack);
  }

  override componentDidUpdate(prev: ErrorBoundaryProps): void {
    if (this.state.error && changed(prev.resetKeys, this.props.resetKeys)) this.setState({ error: null });
  }

  private readonly retry = () => {
    this.props.onReset?.();
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error-boundary" role="alert" data-testid="error-boundary">
        <h2 className="error-boundary-title">
          <FormattedMessage id="ui.errorBoundary.title" defaultMessage="{what} could not be shown" values={{ what: this.props.what }} />
        </h2>
        <p>
          <FormattedMessage
            id="ui.errorBoundary.body"
            defaultMessage="Something went wrong while drawing it. The rest of {brand} still works; you can try again or go to another page."
            values={{ brand: <span translate="no">Callboard</span> }}
          />
        </p>
        <Button variant="primary" onClick={this.retry} data-testid="error-boundary-retry">
          <FormattedMessage id="ui.errorBoundary.retry" defaultMessage="Try again" />
        </Button>
      </div>
    );
  }
}
