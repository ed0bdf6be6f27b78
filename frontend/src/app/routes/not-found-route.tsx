import { Link } from 'react-router';

export function NotFoundRoute() {
  return (
    <div className="page" data-testid="not-found">
      <h1 className="page-title">Page not found</h1>
      <p>
        <Link to="/board">Go to the board</Link>
      </p>
    </div>
  );
}
