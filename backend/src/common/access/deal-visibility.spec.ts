import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  actorRooms,
  canSeeAudience,
  canSeeDeal,
  dealRooms,
  dealScopeSql,
  dealVisibleSql,
  type DealAudienceSnapshot,
} from './deal-visibility';

const ALICE = { id: 'a1', role: 'seller' as const };
const BOB = { id: 'b2', role: 'seller' as const };
const HEAD = { id: 'h3', role: 'head' as const };
const GROUPS = ['inbox', 'marketing', 'active', 'won', 'lost'];
const OWNERS = [null, ALICE.id, BOB.id, HEAD.id];

describe('canSeeDeal', () => {
  it('should let a Head see every live deal', () => {
    for (const stageGroup of GROUPS) for (const ownerId of OWNERS) expect(canSeeDeal(HEAD, { ownerId, stageGroup })).toBe(true);
  });

  it('should let a Seller see their own deals in any stage, and unowned deals only in the inbox', () => {
    for (const stageGroup of GROUPS) {
      expect(canSeeDeal(ALICE, { ownerId: ALICE.id, stageGroup })).toBe(true);
      expect(canSeeDeal(ALICE, { ownerId: BOB.id, stageGroup })).toBe(false);
      expect(canSeeDeal(ALICE, { ownerId: null, stageGroup })).toBe(stageGroup === 'inbox');
    }
  });

  it('should hide a deleted deal from everyone', () => {
    const deletedAt = new Date();
    expect(canSeeDeal(HEAD, { ownerId: null, stageGroup: 'inbox', deletedAt })).toBe(false);
    expect(canSeeDeal(ALICE, { ownerId: ALICE.id, stageGroup: 'active', deletedAt })).toBe(false);
  });

  it('should deny a role it does not know', () => {
    expect(canSeeDeal({ id: 'x', role: 'system' as never }, { ownerId: null, stageGroup: 'inbox' })).toBe(false);
  });
});

describe('dealRooms', () => {
  it('should reach exactly the actors the in-memory rule lets see the deal (for every owner and stage)', () => {
    const actors = [ALICE, BOB, HEAD];
    for (const ownerId of OWNERS) {
      for (const inInbox of [true, false]) {
        const snapshot: DealAudienceSnapshot = { ownerId, inInbox };
        const rooms = dealRooms(snapshot);
        for (const actor of actors) {
          const reached = actorRooms(actor).some((room) => rooms.includes(room));
          expect({ actor: actor.id, snapshot, reached }).toEqual({ actor: actor.id, snapshot, reached: canSeeAudience(actor, snapshot) });
        }
      }
    }
  });
});

describe('dealVisibleSql', () => {
  it('should spell the Seller rule over the given aliases and placeholder', () => {
    expect(dealVisibleSql('$7', 'vd', 'vs')).toBe(`(vd.deleted_at IS NULL AND (vd.owner_id = $7 OR (vd.owner_id IS NULL AND vs."group" = 'inbox')))`);
  });

  it('should give a Head only the not-deleted condition, with the placeholder still typed', () => {
    expect(dealScopeSql(HEAD, '$1')).toBe(`(d.deleted_at IS NULL AND $1::uuid IS NOT NULL)`);
    expect(dealScopeSql(ALICE, '$1')).toBe(dealVisibleSql('$1'));
  });
});

// The rule has one home. A copy elsewhere (SQL or in-memory) drifts; this fails when one appears.
describe('one definition of who sees a deal', () => {
  const root = join(__dirname, '../../../..');
  const HOME = join(__dirname, 'deal-visibility.ts');
  const COPIES: { name: string; re: RegExp }[] = [
    { name: 'SQL: unowned ... inbox', re: /owner_id\s+IS\s+NULL[^;`]{0,200}?['"]inbox['"]/i },
    { name: 'SQL: stage group = inbox', re: /"?group"?\s*=\s*'inbox'/i },
    { name: 'in-memory: stageGroup === inbox', re: /stageGroup\s*[!=]==?\s*['"]inbox['"]/ },
    { name: 'in-memory: ownerId === null && ... inbox', re: /ownerId\s*===?\s*null\s*&&[^;]{0,120}?['"]inbox['"]/ },
    { name: 'rooms: role:head / inbox room literal', re: /['"`]role:head['"`]/ },
  ];

  function* sources(dir: string): Generator<string> {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) yield* sources(path);
      else if (/\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) && path !== HOME) yield path;
    }
  }

  it('should find the visibility rule spelled only in common/access/deal-visibility.ts', () => {
    const found: string[] = [];
    for (const dir of ['backend/src', 'contracts/src']) {
      for (const file of sources(join(root, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const { name, re } of COPIES) if (re.test(text)) found.push(`${relative(root, file)}: ${name}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('should recognise a copy when one is written (the check itself works)', () => {
    const copy = "AND (vd.owner_id = $1 OR (vd.owner_id IS NULL AND vs.\"group\" = 'inbox'))";
    expect(COPIES.some(({ re }) => re.test(copy))).toBe(true);
    expect(COPIES.some(({ re }) => re.test("return deal.ownerId === null && deal.stageGroup === 'inbox';"))).toBe(true);
  });
});
