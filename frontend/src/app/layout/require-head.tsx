import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { useAuth } from '@/features/auth';

// Loaded with the Head-only pages it guards (not on the first page): its words come with theirs.

/** Head-only pages; a Seller who opens one by its address is told so (the server refuses them anyway). */
export function RequireHead({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (user?.role !== 'head') return <NotAllowed />;
  return children;
}

function NotAllowed() {
  return (
    <div className="page" data-testid="not-allowed">
      <h1 className="page-title">
        <FormattedMessage id="app.notAllowed.title" defaultMessage="Not allowed" />
      </h1>
      <p>
        <FormattedMessage id="app.notAllowed.body" defaultMessage="This page is for Heads of sales. Ask a Head if you need something from it." />
      </p>
      <p>
        <Link to="/board">
          <FormattedMessage id="app.notAllowed.toBoard" defaultMessage="Go to the board" />
        </Link>
      </p>
    </div>
  );
}
