import './automation.css';
import { useState } from 'react';
import type { Rule } from '@callboard/contracts';
import { Badge, Button, Dialog, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useCatalog, useRules, useUpdateRule } from '../hooks/use-rules';
import { RuleForm } from './rule-form';
import { RuleRuns } from './rule-runs';

function RuleCard({ rule, onEdit }: { rule: Rule; onEdit: () => void }) {
  const update = useUpdateRule();
  const toast = useToast();
  const [showRuns, setShowRuns] = useState(false);

  async function toggle() {
    try {
      await update.mutateAsync({ id: rule.id, body: { enabled: !rule.enabled } });
      toast.success(rule.enabled ? 'Rule disabled' : 'Rule enabled');
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  return (
    <li className={`rule-card${rule.enabled ? '' : ' is-disabled'}`} data-testid={`rule-${rule.id}`} data-system-key={rule.systemKey ?? undefined} data-enabled={rule.enabled}>
      <div className="rule-head">
        <h3 className="rule-name">{rule.name}</h3>
        {!rule.enabled && <Badge>Disabled</Badge>}
        <span className="toolbar-spacer" />
        <label className="rule-toggle">
          <input type="checkbox" checked={rule.enabled} disabled={update.isPending} onChange={() => void toggle()} data-testid={`rule-enabled-${rule.id}`} />
          Enabled
        </label>
        <Button size="sm" onClick={onEdit} data-testid={`rule-edit-${rule.id}`}>
          Edit
        </Button>
        <Button size="sm" variant="ghost" aria-expanded={showRuns} onClick={() => setShowRuns((v) => !v)} data-testid={`rule-runs-toggle-${rule.id}`}>
          {showRuns ? 'Hide history' : 'History'}
        </Button>
      </div>
      <p className="rule-summary" data-testid={`rule-summary-${rule.id}`}>
        {rule.summary}
      </p>
      {showRuns && <RuleRuns ruleId={rule.id} />}
    </li>
  );
}

/** The Head's automation rules: what each does in plain words, on/off, new rules, edits of any part, and the history. */
export function RulesAdmin() {
  const rules = useRules();
  const catalog = useCatalog();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);

  if (rules.isPending || catalog.isPending) return <Spinner label="Loading rules" />;
  if (rules.isError) return <ErrorState message={errorMessage(rules.error)} />;
  if (catalog.isError) return <ErrorState message={errorMessage(catalog.error)} />;
  const title = editing === 'new' ? 'New rule' : editing ? `Edit “${editing.name}”` : 'Edit rule';
  return (
    <section aria-labelledby="rules-heading" className="admin-section">
      <div className="toolbar">
        <h2 id="rules-heading" className="section-title">
          Automation rules
        </h2>
        <span className="toolbar-spacer" />
        <Button variant="primary" onClick={() => setEditing('new')} data-testid="rule-new">
          New rule
        </Button>
      </div>
      <ul className="rule-list" data-testid="rule-list">
        {rules.data.map((r) => (
          <RuleCard key={r.id} rule={r} onEdit={() => setEditing(r)} />
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
