import type { DealEvent } from '@callboard/contracts';

// A timeline entry in words: "Alice moved it from New to In progress". The event data is
// free-form per type, so every field is read defensively.

const FIELD_LABELS: Record<string, string> = {
  title: 'the title',
  amount: 'the amount',
  currency: 'the currency',
  contactId: 'the contact',
  contactName: 'the contact',
  ownerId: 'the owner',
  qualification: 'the qualification',
  lostReason: 'the lost reason',
  status: 'the status',
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function quote(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'empty';
  if (typeof v === 'string') return `“${v}”`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return 'a new value';
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function actorOf(e: DealEvent): string {
  return e.actorName ?? (e.actorKind === 'system' ? 'System' : 'Someone');
}

function describeEdit(actor: string, data: Record<string, unknown>): string {
  const changes = data.changes;
  if (!changes || typeof changes !== 'object') return `${actor} edited it`;
  const parts = Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
    const label = FIELD_LABELS[field] ?? field;
    if (!change || typeof change !== 'object') return `changed ${label}`;
    const { from, to } = change as { from?: unknown; to?: unknown };
    // ids mean nothing to a reader; name-less id changes are reported without values
    if (field.endsWith('Id')) return `changed ${label}`;
    return `changed ${label} from ${quote(from)} to ${quote(to)}`;
  });
  return parts.length ? `${actor} ${parts.join(', ')}` : `${actor} edited it`;
}

function describeCall(e: DealEvent, actor: string): string {
  const d = e.data;
  const direction = str(d.direction);
  const outcome = str(d.outcome) ?? str(d.status) ?? (d.missed === true ? 'missed' : null);
  const secs = num(d.durationSec) ?? num(d.duration) ?? num(d.durationSeconds);
  const kind = direction === 'inbound' ? 'inbound call' : direction === 'outbound' ? 'outbound call' : 'call';
  const details = [outcome, secs !== null && secs > 0 ? duration(secs) : null].filter(Boolean).join(', ');
  const what = `${kind}${details ? ` (${details})` : ''}`;
  return e.actorKind === 'system' && !e.actorName ? `${what[0]?.toUpperCase()}${what.slice(1)}` : `${actor}: ${what}`;
}

export function describeDealEvent(e: DealEvent): string {
  const actor = actorOf(e);
  const d = e.data;
  switch (e.type) {
    case 'created': {
      const source = str(d.source);
      if (source === 'inbound_call') return `${actor} created it from an inbound call`;
      if (source === 'web_form') return `${actor} created it from a web form`;
      if (source === 'import') return `${actor} imported it`;
      const stage = str(d.stageName);
      return stage ? `${actor} created it in ${stage}` : `${actor} created it`;
    }
    case 'moved':
      return `${actor} moved it from ${str(d.fromStageName) ?? 'another stage'} to ${str(d.toStageName) ?? 'another stage'}`;
    case 'reassigned': {
      const from = str(d.fromOwnerName);
      const to = str(d.toOwnerName);
      if (!to) return from ? `${actor} unassigned it from ${from}` : `${actor} unassigned it`;
      return from ? `${actor} reassigned it from ${from} to ${to}` : `${actor} assigned it to ${to}`;
    }
    case 'edited':
      return describeEdit(actor, d);
    case 'call':
      return describeCall(e, actor);
    case 'note': {
      const text = str(d.text) ?? str(d.body);
      return text ? `${actor} added a note: ${text}` : `${actor} added a note`;
    }
    case 'task': {
      const title = str(d.title);
      return title ? `${actor} ${str(d.action) ?? 'updated'} the task “${title}”` : `${actor} updated a task`;
    }
    case 'offer':
      return `${actor} updated an offer${str(d.number) ? ` ${str(d.number)}` : ''}`;
    case 'rule': {
      const name = str(d.ruleName) ?? str(d.name);
      return name ? `${actor} applied the rule “${name}”` : `${actor} applied a rule`;
    }
    default: {
      const exhaustive: never = e.type;
      return `${actor} ${String(exhaustive)}`;
    }
  }
}
