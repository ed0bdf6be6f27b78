import { BatchKeys, decide, guessMapping, headerHash, parseAmount, parseRow, type PlanContext } from './import-plan';

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  actor: { id: 'alice', role: 'seller' },
  columns: ['name', 'phone', 'email', 'owner', 'dealTitle', 'stage', 'amount'],
  duplicates: 'skip',
  phoneRegion: 'HU',
  currency: 'HUF',
  usersByEmail: new Map([['alice@example.com', 'alice'], ['bob@example.com', 'bob']]),
  stagesByName: new Map([['új', { id: 'stage-new', group: 'active' }]]),
  ...over,
});

describe('import plan', () => {
  it('should give the same hash to header rows that differ only in case and spacing', () => {
    expect(headerHash([' Full  Name', 'TEL'])).toBe(headerHash(['full name', 'tel']));
    expect(headerHash(['Name', 'Tel'])).not.toBe(headerHash(['Tel', 'Name']));
  });

  it('should guess English and Hungarian column names, each field once', () => {
    expect(guessMapping(['Név', 'Telefon', 'E-mail', 'Cég', 'Felelős', 'Ügylet', 'Szakasz', 'Összeg'])).toEqual(['name', 'phone', 'email', 'company', 'owner', 'dealTitle', 'stage', 'amount']);
    expect(guessMapping(['Phone', 'Mobile', 'Notes'])).toEqual(['phone', null, null]);
  });

  it('should read amounts as people write them, when in the team currency', () => {
    expect(parseAmount('1 234,50', 'HUF')).toBe('1234.50');
    expect(parseAmount('1.234,5', 'HUF')).toBe('1234.50');
    expect(parseAmount('1,234.50', 'HUF')).toBe('1234.50');
    expect(parseAmount('12500 HUF', 'HUF')).toBe('12500');
    expect(parseAmount('99 Ft', 'HUF')).toBe('99');
    expect(parseAmount('€ 10', 'HUF')).toEqual({ error: 'The amount "€ 10" is not in the team\'s currency (HUF, not EUR)' });
    expect(parseAmount('USD 10', 'HUF')).toEqual({ error: expect.stringMatching(/not USD/) });
    expect(parseAmount('-5', 'HUF')).toEqual({ error: expect.stringMatching(/negative/) });
    expect(parseAmount('lots', 'HUF')).toEqual({ error: '"lots" is not an amount' });
  });

  it('should refuse a Seller\'s row in another rep\'s name, and take an empty owner as the importer', () => {
    expect(parseRow(['Ann', '', '', 'bob@example.com', '', '', ''], null, ctx())).toEqual({ error: 'A Seller imports only into their own name' });
    expect(parseRow(['Ann', '', '', '', '', '', ''], null, ctx())).toMatchObject({ ownerId: 'alice', deal: null });
    expect(parseRow(['Ann', '', '', 'BOB@example.com', '', '', ''], null, ctx({ actor: { id: 'head', role: 'head' } }))).toMatchObject({ ownerId: 'bob' });
  });

  it('should read a national phone number in the team region and a stage by name', () => {
    expect(parseRow(['Ann', '06 30 123 4567', 'Ann@X.hu', '', '', 'ÚJ', '10'], null, ctx())).toMatchObject({
      phone: '+36301234567',
      email: 'ann@x.hu',
      deal: { title: 'Ann', stageId: 'stage-new', amount: '10' },
    });
  });

  it('should skip a row whose phone or e-mail an earlier row of the file had, naming that row', () => {
    const seen = new BatchKeys(new Map([['p:+36301234567', 7]]));
    const row = parseRow(['Ann', '+36301234567', '', '', '', '', ''], null, ctx());
    expect(decide(row, seen, { byPhone: null, byEmail: null }, 'update')).toEqual({ outcome: 'skip', reason: 'Duplicate of row 7 (same phone +36301234567)' });
  });

  it('should update a contact already in Callboard only when asked to and allowed to', () => {
    const row = parseRow(['Ann', '+36301234567', '', '', '', '', ''], null, ctx());
    const none = new BatchKeys(new Map());
    expect(decide(row, none, { byPhone: { id: 'c1', editable: true }, byEmail: null }, 'skip').outcome).toBe('skip');
    expect(decide(row, none, { byPhone: { id: 'c1', editable: true }, byEmail: null }, 'update')).toMatchObject({ outcome: 'update', contactId: 'c1' });
    expect(decide(row, none, { byPhone: { id: 'c1', editable: false }, byEmail: null }, 'update')).toMatchObject({ outcome: 'skip' });
    expect(decide(row, none, { byPhone: { id: 'c1', editable: true }, byEmail: { id: 'c2', editable: true } }, 'update').outcome).toBe('error');
  });

  it('should keep a batch\'s keys apart until it commits', () => {
    const committed = new Map<string, number>();
    const batch = new BatchKeys(committed);
    batch.set('p:+1', 2);
    expect(batch.get('p:+1')).toBe(2);
    expect(committed.size).toBe(0);
    batch.commit();
    expect(committed.get('p:+1')).toBe(2);
  });
});
