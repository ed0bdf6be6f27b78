import { useIntl } from 'react-intl';
import { ErrorBoundary } from '@/components/error-boundary';
import { ReportsPage } from '@/features/reports';

export function ReportsRoute() {
  const intl = useIntl();
  return (
    <ErrorBoundary what={intl.formatMessage({ id: 'app.reports.errorBoundaryWhat', defaultMessage: 'Reports' })}>
      <ReportsPage />
    </ErrorBoundary>
  );
}
