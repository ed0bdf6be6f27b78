import { useSearchParams } from 'react-router';
import { RoutingAdmin, SecurityAdmin, StagesAdmin, TeamSettingsAdmin, UsersAdmin } from '@/features/admin';
import { LostReasonsAdmin } from '@/features/activities';
import { RulesAdmin } from '@/features/automation';
import { DialPolicyAdmin } from '@/features/dial-policy';
import { MissedCallSettingsAdmin } from '@/features/today';
import { WallboardsAdmin } from '@/features/wallboard';

const TABS = [
  { id: 'users', label: 'Users' },
  { id: 'team', label: 'Team' },
  { id: 'stages', label: 'Pipeline stages' },
  { id: 'rules', label: 'Automation' },
  { id: 'lost', label: 'Lost reasons' },
  { id: 'ringing', label: 'Ringing' },
  { id: 'dialing', label: 'Outbound calls' },
  { id: 'missed', label: 'Missed calls' },
  { id: 'security', label: 'Security' },
  { id: 'wallboards', label: 'Wallboards' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function AdminRoute() {
  const [params, setParams] = useSearchParams();
  const tab: TabId = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'users';

  return (
    <div className="page">
      <h1 className="page-title">Admin</h1>
      <div className="tabs admin-tabs" role="tablist" aria-label="Admin sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={`tab${tab === t.id ? ' is-active' : ''}`}
            onClick={() => setParams({ tab: t.id }, { replace: true })}
            data-testid={`admin-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'users' && <UsersAdmin />}
        {tab === 'team' && <TeamSettingsAdmin />}
        {tab === 'stages' && <StagesAdmin />}
        {tab === 'rules' && <RulesAdmin />}
        {tab === 'lost' && <LostReasonsAdmin />}
        {tab === 'ringing' && <RoutingAdmin />}
        {tab === 'dialing' && <DialPolicyAdmin />}
        {tab === 'missed' && <MissedCallSettingsAdmin />}
        {tab === 'security' && <SecurityAdmin />}
        {tab === 'wallboards' && <WallboardsAdmin />}
      </div>
    </div>
  );
}
