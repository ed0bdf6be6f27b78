import { defineMessages, useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import { RoutingAdmin, SecurityAdmin, StagesAdmin, TeamSettingsAdmin, UsersAdmin } from '@/features/admin';
import { LostReasonsAdmin } from '@/features/activities';
import { RulesAdmin } from '@/features/automation';
import { DialPolicyAdmin } from '@/features/dial-policy';
import { MissedCallSettingsAdmin } from '@/features/today';
import { WallboardsAdmin } from '@/features/wallboard';
import { ApiKeysAdmin } from '@/features/api-keys';
import { WrapUpOutcomesAdmin } from '@/features/wrap-ups';
import { RecordingsAdminPage } from '@/features/recordings';
import { WebFormsAdmin } from '@/features/web-forms';
import { WebhooksAdmin } from '@/features/webhooks';

const TAB_LABELS = defineMessages({
  users: { id: 'app.admin.tab.users', defaultMessage: 'Users' },
  team: { id: 'app.admin.tab.team', defaultMessage: 'Team' },
  stages: { id: 'app.admin.tab.stages', defaultMessage: 'Pipeline stages' },
  rules: { id: 'app.admin.tab.rules', defaultMessage: 'Automation' },
  lost: { id: 'app.admin.tab.lost', defaultMessage: 'Lost reasons' },
  wrapUp: { id: 'app.admin.tab.wrapUp', defaultMessage: 'Call wrap-up' },
  ringing: { id: 'app.admin.tab.ringing', defaultMessage: 'Ringing' },
  dialing: { id: 'app.admin.tab.dialing', defaultMessage: 'Outbound calls' },
  recordings: { id: 'app.admin.tab.recordings', defaultMessage: 'Recording' },
  missed: { id: 'app.admin.tab.missed', defaultMessage: 'Missed calls' },
  security: { id: 'app.admin.tab.security', defaultMessage: 'Security' },
  wallboards: { id: 'app.admin.tab.wallboards', defaultMessage: 'Wallboards' },
  webForms: { id: 'app.admin.tab.webForms', defaultMessage: 'Web forms' },
  apiKeys: { id: 'app.admin.tab.apiKeys', defaultMessage: 'API keys' },
  webhooks: { id: 'app.admin.tab.webhooks', defaultMessage: 'Webhooks' },
});

type TabId = keyof typeof TAB_LABELS;

const TABS = Object.keys(TAB_LABELS) as TabId[];

export function AdminRoute() {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const tab: TabId = TABS.find((t) => t === params.get('tab')) ?? 'users';

  return (
    <div className="page">
      <h1 className="page-title">{intl.formatMessage({ id: 'app.admin.title', defaultMessage: 'Admin' })}</h1>
      <div className="tabs admin-tabs" role="tablist" aria-label={intl.formatMessage({ id: 'app.admin.tabsLabel', defaultMessage: 'Admin sections' })}>
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            className={`tab${tab === t ? ' is-active' : ''}`}
            onClick={() => setParams({ tab: t }, { replace: true })}
            data-testid={`admin-tab-${t}`}
          >
            {intl.formatMessage(TAB_LABELS[t])}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'users' && <UsersAdmin />}
        {tab === 'team' && <TeamSettingsAdmin />}
        {tab === 'stages' && <StagesAdmin />}
        {tab === 'rules' && <RulesAdmin />}
        {tab === 'lost' && <LostReasonsAdmin />}
        {tab === 'wrapUp' && <WrapUpOutcomesAdmin />}
        {tab === 'ringing' && <RoutingAdmin />}
        {tab === 'dialing' && <DialPolicyAdmin />}
        {tab === 'recordings' && <RecordingsAdminPage />}
        {tab === 'missed' && <MissedCallSettingsAdmin />}
        {tab === 'security' && <SecurityAdmin />}
        {tab === 'wallboards' && <WallboardsAdmin />}
        {tab === 'webForms' && <WebFormsAdmin />}
        {tab === 'apiKeys' && <ApiKeysAdmin />}
        {tab === 'webhooks' && <WebhooksAdmin />}
      </div>
    </div>
  );
}
