import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import { Tabs } from '@/components/ui';
import { RecordingListens } from './recording-listens';
import { RecordingsAdmin } from './recordings-admin';

type View = 'settings' | 'listens';

/** Admin → Recording: the policy, and the listen log (`?view=listens`, its filters in the address too). */
export function RecordingsAdminPage() {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'listens' ? 'listens' : 'settings';
  return (
    <Tabs
      label={intl.formatMessage({ id: 'recordings.adminPage.label', defaultMessage: 'Recording sections' })}
      value={view}
      onValueChange={(v) => setParams(v === 'listens' ? { tab: 'recordings', view: 'listens' } : { tab: 'recordings' }, { replace: true })}
      tabs={[
        { value: 'settings', label: intl.formatMessage({ id: 'recordings.adminPage.settings', defaultMessage: 'Policy and retention' }), content: <RecordingsAdmin />, testId: 'recordings-view-settings' },
        { value: 'listens', label: intl.formatMessage({ id: 'recordings.adminPage.listens', defaultMessage: 'Listen log' }), content: <RecordingListens />, testId: 'recordings-view-listens' },
      ]}
    />
  );
}
