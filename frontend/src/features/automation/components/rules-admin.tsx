import './automation.css';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Rule } from '@callboard/contracts';
import { Badge, Button, Dialog, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useCatalog, useRules, useUpdateRule } from '../hooks/use-rules';
import { useSummaryNames } from '../hooks/use-summary-names';
import { summarizeRule, type SummaryNames } from '../utils/rule-summary';
import { RuleForm } from './rule-form';
import { RuleRuns } from './rule-runs';

function RuleCard({ rule, names, onEdit }: { rule: Rule; names: SummaryNames; onEdit: () => void }) {
  const intl = useIntl();
  const update = useUpdateRule();
  const toast = useToast();
  const [showRuns, setShowRuns] = useState(false);

  async function toggle() {
    try {
      await update.mutateAsync({ id: rule.id, body: { enabled: !rule.enabled } });
      toast.success(
        rule.enabled
          ? intl.formatMessage({ id: 'automation.rule.disabledToast', defaultMessage: 'Rule disabled' })
          : intl.formatMessage({ id: 'automation.rule.enabledToast', defaultMessage: 'Rule enabled' }),
      );
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  return (
    <li className={`rule-card${rule.enabled ? '' : ' is-disabled'}`} data-testid={`rule-${rule.id}`} data-system-key={rule.systemKey ?? undefined} data-enabled={rule.enabled}>
      <div className="rule-head">
        <h3 className="rule-name" data-user-content>
          <bdi>{rule.name}</bdi>
        </h3>
        {!rule.enabled && (
          <Badge>
            <FormattedMessage id="automation.rule.disabled" defaultMessage="Disabled" />
          </Badge>
        )}
        <span className="toolbar-spacer" />
        <label className="rule-toggle">
          <input type="checkbox" checked={rule.enabled} disabled={update.isPending} onChange={() => void toggle()} data-testid={`rule-enabled-${rule.id}`} />
          <FormattedMessage id="automation.rule.enabled" defaultMessage="Enabled" />
        </label>
        <Button size="sm" onClick={onEdit} data-testid={`rule-edit-${rule.id}`}>
          <FormattedMessage id="automation.rule.edit" defaultMessage="Edit" />
        </Button>
        <Button size="sm" variant="ghost" aria-expanded={showRuns} onClick={() => setShowRuns((v) => !v)} data-testid={`rule-runs-toggle-${rule.id}`}>
          {showRuns ? (
            <FormattedMessage id="automation.rule.hideHistory" defaultMessage="Hide history" />
          ) : (
            <FormattedMessage id="automation.rule.history" defaultMessage="History" />
          )}
        </Button>
      </div>
      <p className="rule-summary" data-testid={`rule-summary-${rule.id}`}>
        {summarizeRule(rule, names, intl)}
      </p>
      {showRuns && <RuleRuns ruleId={rule.id} />}
    </li>
  );
}

/** The Head's automation rules: what each does in plain words, on/off, new rules, edits of any part, and the history. */
export function RulesAdmin() {
  const intl = useIntl();
  const rules = useRules();
  const catalog = useCatalog();
  const names = useSummaryNames();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);

  if (rules.isPending || catalog.isPending || !names) return <Spinner label={intl.formatMessage({ id: 'automation.rules.loading', defaultMessage: 'Loading rules' })} />;
  if (rules.isError) return <ErrorState message={errorMessage(rules.error)} />;
  if (catalog.isError) return <ErrorState message={errorMessage(catalog.error)} />;
  const title =
    editing === 'new' ? (
      <FormattedMessage id="automation.rules.newTitle" defaultMessage="New rule" />
    ) : editing ? (
      <FormattedMessage id="automation.rules.editTitle" defaultMessage="Edit “{name}”" values={{ name: <bdi data-user-content>{editing.name}</bdi> }} />
    ) : (
      <FormattedMessage id="automation.rules.editTitleNone" defaultMessage="Edit rule" />
    );
  return (
    <section aria-labelledby="rules-heading" className="admin-section">
      <div className="toolbar">
        <h2 id="rules-heading" className="section-title">
          <FormattedMessage id="automation.rules.heading" defaultMessage="Automation rules" />
        </h2>
        <span className="toolbar-spacer" />
        <Button variant="primary" onClick={() => setEditing('new')} data-testid="rule-new">
          <FormattedMessage id="automation.rules.new" defaultMessage="New rule" />
        </Button>
      </div>
      <ul className="rule-list" data-testid="rule-list">
        {rules.data.map((r) => (
          <RuleCard key={r.id} rule={r} names={names} onEdit={() => setEditing(r)} />
        ))}
      </ul>
      <Dialog open={editing !== null} title={title} onClose={() => setEditing(null)} width="lg" testId="rule-dialog">
        {editing && (
          <RuleForm key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? undefined : editing} catalog={catalog.data} onDone={() => setEditing(null)} />
        )}
      </Dialog>
    </section>
  );
}
