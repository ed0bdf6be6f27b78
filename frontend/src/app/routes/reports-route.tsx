import { ErrorBoundary } from '@/components/error-boundary';
import { ReportsPage } from '@/features/reports';

export function ReportsRoute() {
  return (
    <ErrorBoundary what="Reports">
      <ReportsPage />
    </ErrorBoundary>
  );
}
