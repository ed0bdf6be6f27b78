import type { Actor } from './access.decorators';

/**
 * Who may see a deal: the ONE definition. A Head sees every live deal; a Seller sees their own
 * deals and the unowned deals of the inbox (stage group `inbox`). A deleted deal is seen by nobody.
 *
 * Three forms of the same rule, and nothing else in the code base spells it again (a unit test
 * greps for copies):
 * - `dealVisibleSql` / `dealScopeSql`: SQL for repositories (deals, tasks, orders, offers, contacts, calls);
 * - `canSeeDeal`: in-memory, for a row already loaded (services, the realtime layer);
 * - `dealRooms` / `actorRooms`: the socket.io rooms, so a broadcast reaches exactly those who may see it.
 */

/** Room of every Head. */
export const HEADS_ROOM = 'role:head';
/** Room of every Seller: they all see the unowned inbox deals. */
export const INBOX_ROOM = 'inbox';
export const userRoom = (id: string) => `user:${id}`;

/** A deal as it looked, for deciding who could see it: owner and whether it sat in the inbox. */
export interface DealAudienceSnapshot {
  ownerId: string | null;
  inInbox: boolean;
}

/** What the in-memory check needs of a deal (a `DealRow` has it). */
export interface DealVisibilityFacts {
  ownerId: string | null;
  stageGroup: string;
  deletedAt?: Date | string | null;
}

const INBOX_GROUP = 'inbox';

/** The deal is unowned and sits in an inbox stage: every Seller may see it (and take it). */
export function unownedInboxSql(deal = 'd', stage = 's'): string {
  return `(${deal}.owner_id IS NULL AND ${stage}."group" = '${INBOX_GROUP}')`;
}

/**
 * The Seller's predicate over `deal` (deals) joined to `stage` (its stage); `actorIdParam` is the
 * placeholder holding the Seller's id (e.g. `$1`). Heads skip it (see `dealScopeSql`).
 */
export function dealVisibleSql(actorIdParam: string, deal = 'd', stage = 's'): string {
  return `(${deal}.deleted_at IS NULL AND (${deal}.owner_id = ${actorIdParam} OR ${unownedInboxSql(deal, stage)}))`;
}

/**
 * The predicate for this actor: a Head's is only "not deleted" (the parameter is still referenced,
 * so it keeps its type in the statement), a Seller's is `dealVisibleSql`.
 */
export function dealScopeSql(actor: Pick<Actor, 'role'>, actorIdParam: string, deal = 'd', stage = 's'): string {
  return actor.role === 'head'
    ? `(${deal}.deleted_at IS NULL AND ${actorIdParam}::uuid IS NOT NULL)`
    : dealVisibleSql(actorIdParam, deal, stage);
}

/**
 * Who sees a contact, over `contact` (contacts): a Head every one; a Seller the contacts they own
 * and the contacts of deals they may see (their own deals and the unowned deals of the inbox).
 * `actorIdParam` holds the actor's id.
 */
export function contactScopeSql(actor: Pick<Actor, 'role'>, actorIdParam: string, contact = 'c'): string {
  if (actor.role === 'head') return `(${actorIdParam}::uuid IS NOT NULL)`;
  // A scalar subquery with LIMIT 1, not EXISTS: PostgreSQL may turn `OR EXISTS` into a hashed
  // subplan that reads every visible deal first (428 ms on 1,250,000 deals for 8 search hits,
  // against 14 ms looking each candidate up in deals_contact_idx; ADR 0022).
  return `(${contact}.owner_id = ${actorIdParam} OR COALESCE((
    SELECT true FROM deals vd JOIN stages vs ON vs.id = vd.stage_id
    WHERE vd.contact_id = ${contact}.id AND ${dealVisibleSql(actorIdParam, 'vd', 'vs')} LIMIT 1), false))`;
}

export function isInInbox(deal: { stageGroup: string }): boolean {
  return deal.stageGroup === INBOX_GROUP;
}

/** The facts of a loaded deal that decide its audience (for domain events and rooms). */
export function dealAudience(deal: { ownerId: string | null; stageGroup: string }): DealAudienceSnapshot {
  return { ownerId: deal.ownerId, inInbox: isInInbox(deal) };
}

/** In-memory form of the rule, for a deal already loaded. */
export function canSeeDeal(actor: Pick<Actor, 'id' | 'role'>, deal: DealVisibilityFacts): boolean {
  if (deal.deletedAt) return false;
  return canSeeAudience(actor, dealAudience(deal));
}

/** The same rule over a snapshot (what the realtime layer keeps of a deal). */
export function canSeeAudience(actor: Pick<Actor, 'id' | 'role'>, a: DealAudienceSnapshot): boolean {
  if (actor.role === 'head') return true;
  if (actor.role !== 'seller') return false;
  return a.ownerId === actor.id || (a.ownerId === null && a.inInbox);
}

/** The rooms allowed to see a deal: the Heads, its owner, or every Seller while it is unowned in the inbox. */
export function dealRooms(snapshot: DealAudienceSnapshot): string[] {
  const rooms = [HEADS_ROOM];
  if (snapshot.ownerId) rooms.push(userRoom(snapshot.ownerId));
  else if (snapshot.inInbox) rooms.push(INBOX_ROOM);
  return rooms;
}

/** The rooms a signed-in user's socket joins; the counterpart of `dealRooms`. */
export function actorRooms(actor: Pick<Actor, 'id' | 'role'>): string[] {
  return [userRoom(actor.id), actor.role === 'head' ? HEADS_ROOM : INBOX_ROOM];
}

/**
 * For rows hanging off a deal (orders, offers): seen by whoever sees their deal `dealAlias`;
 * `$1` is the actor. The stage is looked up inside, so callers need not join it.
 */
export function dealVisible(actor: Actor, dealAlias = 'd'): string {
  return actor.role === 'head'
    ? dealScopeSql(actor, '$1', dealAlias)
    : `EXISTS (SELECT 1 FROM stages vs WHERE vs.id = ${dealAlias}.stage_id AND ${dealVisibleSql('$1', dealAlias, 'vs')})`;
}
