import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';

export function NotFoundRoute() {
  return (
    <div className="page" data-testid="not-found">
      <h1 className="page-title">
        <FormattedMessage id="app.notFound.title" defaultMessage="Page not found" />
      </h1>
      <p>
        <Link to="/board">
          <FormattedMessage id="app.notFound.toBoard" defaultMessage="Go to the board" />
        </Link>
      </p>
    </div>
  );
}
