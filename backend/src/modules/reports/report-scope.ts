import type { RepFilter } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { dealScopeSql, unownedInboxSql } from '../../common/access/deal-visibility';

/** Positional parameters for one statement: `add` binds a value and returns its placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Whose numbers a report counts: a Head's whole team or one rep (`none`: what has no owner); a
 * Seller's own. The service has already refused a Seller naming anyone else.
 */
export interface ReportScope {
  actor: Actor;
  /** The rep the figures are narrowed to: a user id, `none`, or null for the whole team. */
  rep: RepFilter | null;
}

/**
 * The deals a report counts, over `d` (deals) joined to `s` (its stage): the board's visibility
 * rule (`dealScopeSql`, the ONE definition) narrowed to the rep. A Seller's reports count the deals
 * they own; the unowned inbox, which the board also shows them, is counted only where a report
 * asks for it (`unownedOnly`: never-contacted leads, unassigned).
 */
export function dealReportSql(scope: ReportScope, p: Params, opts: { unownedOnly?: boolean } = {}): string {
  const me = p.add(scope.actor.id);
  const visible = dealScopeSql(scope.actor, me, 'd', 's');
  if (opts.unownedOnly) return `(${visible} AND ${unownedInboxSql('d', 's')})`;
  if (scope.actor.role !== 'head') return `(${visible} AND d.owner_id = ${me})`;
  if (scope.rep === 'none') return `(${visible} AND d.owner_id IS NULL)`;
  if (scope.rep) return `(${visible} AND d.owner_id = ${p.add(scope.rep)})`;
  return visible;
}

/** The user a report is narrowed to (a Seller: themselves), or null for the whole team. */
export function narrowedRep(scope: ReportScope): RepFilter | null {
  return scope.actor.role === 'head' ? scope.rep : scope.actor.id;
}

/** The unowned inbox belongs to nobody: counted for the whole team, for `none`, and for every Seller (they may take it). */
export function showsUnownedInbox(scope: ReportScope): boolean {
  return scope.actor.role !== 'head' || scope.rep === null || scope.rep === 'none';
}
