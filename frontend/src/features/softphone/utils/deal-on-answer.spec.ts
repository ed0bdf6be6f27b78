import { decideOnAnswer, fieldFacts, isBusyTyping, recordTarget, type AnswerFacts, type WorkFacts } from './deal-on-answer';

const idle: WorkFacts = { field: null, dialogOpen: false };
const deal = { id: 'd1', title: 'Roof for Kim' };
const contact = { id: 'c1', name: 'Kim' };
const facts = (over: Partial<AnswerFacts> = {}): AnswerFacts => ({
  direction: 'inbound',
  enabled: true,
  holder: true,
  target: recordTarget({ deal, contact }),
  currentPath: '/board',
  work: idle,
  ...over,
});

describe('recordTarget', () => {
  it('should point at the deal when the call has one, else the contact, else nothing', () => {
    expect(recordTarget({ deal, contact })).toEqual({ kind: 'deal', path: '/deals/d1', label: 'Roof for Kim' });
    expect(recordTarget({ deal: null, contact })).toEqual({ kind: 'contact', path: '/contacts/c1', label: 'Kim' });
    expect(recordTarget({ deal: null, contact: null })).toBeNull();
  });
});

describe('isBusyTyping', () => {
  it('should be busy when a text field holds text, a choice list has focus or a dialog is open', () => {
    expect(isBusyTyping({ field: { kind: 'text', hasText: true }, dialogOpen: false })).toBe(true);
    expect(isBusyTyping({ field: { kind: 'choice', hasText: false }, dialogOpen: false })).toBe(true);
    expect(isBusyTyping({ field: null, dialogOpen: true })).toBe(true);
  });

  it('should not be busy when the focused field is empty, not a text field, or nothing has focus', () => {
    expect(isBusyTyping({ field: { kind: 'text', hasText: false }, dialogOpen: false })).toBe(false);
    expect(isBusyTyping({ field: { kind: 'other', hasText: false }, dialogOpen: false })).toBe(false);
    expect(isBusyTyping(idle)).toBe(false);
  });
});

describe('decideOnAnswer', () => {
  it('should navigate to the deal when an inbound call is answered and the rep is not typing', () => {
    expect(decideOnAnswer(facts())).toEqual({ kind: 'navigate', target: { kind: 'deal', path: '/deals/d1', label: 'Roof for Kim' } });
  });

  it('should navigate to the contact when the call has no deal the rep may see', () => {
    expect(decideOnAnswer(facts({ target: recordTarget({ deal: null, contact }) }))).toMatchObject({ kind: 'navigate', target: { path: '/contacts/c1' } });
  });

  it('should offer a link instead when the rep is typing or a dialog is open', () => {
    expect(decideOnAnswer(facts({ work: { field: { kind: 'text', hasText: true }, dialogOpen: false } }))).toMatchObject({ kind: 'link', target: { path: '/deals/d1' } });
    expect(decideOnAnswer(facts({ work: { field: null, dialogOpen: true } }))).toMatchObject({ kind: 'link' });
  });

  it('should do nothing when the setting is off, in a tab without the phone, for an outbound call, or with nothing visible', () => {
    expect(decideOnAnswer(facts({ enabled: false }))).toEqual({ kind: 'none' });
    expect(decideOnAnswer(facts({ holder: false }))).toEqual({ kind: 'none' });
    expect(decideOnAnswer(facts({ direction: 'outbound' }))).toEqual({ kind: 'none' });
    expect(decideOnAnswer(facts({ target: null }))).toEqual({ kind: 'none' });
  });

  it('should do nothing when the page already shows the record', () => {
    expect(decideOnAnswer(facts({ currentPath: '/deals/d1' }))).toEqual({ kind: 'none' });
    expect(decideOnAnswer(facts({ currentPath: '/deals/d1/' }))).toEqual({ kind: 'none' });
    // the setting off wins over typing: no link either
    expect(decideOnAnswer(facts({ enabled: false, work: { field: { kind: 'text', hasText: true }, dialogOpen: false } }))).toEqual({ kind: 'none' });
  });
});

describe('fieldFacts', () => {
  const doc: Record<string, unknown> = { documentElement: {} };
  const body = { ownerDocument: doc, tagName: 'BODY' } as unknown as Element;
  doc.body = body;
  const el = (props: Record<string, unknown>) => ({ ownerDocument: doc, isContentEditable: false, textContent: '', ...props }) as unknown as Element;

  it('should read typed text from inputs, text areas and editable regions', () => {
    expect(fieldFacts(el({ tagName: 'INPUT', type: 'text', value: 'Called about ' }))).toEqual({ kind: 'text', hasText: true });
    expect(fieldFacts(el({ tagName: 'INPUT', type: 'search', value: '  ' }))).toEqual({ kind: 'text', hasText: false });
    expect(fieldFacts(el({ tagName: 'TEXTAREA', value: 'a note' }))).toEqual({ kind: 'text', hasText: true });
    expect(fieldFacts(el({ tagName: 'DIV', isContentEditable: true, textContent: 'draft' }))).toEqual({ kind: 'text', hasText: true });
  });

  it('should treat a select as a choice in hand and buttons, checkboxes and the page body as nothing typed', () => {
    expect(fieldFacts(el({ tagName: 'SELECT' }))).toEqual({ kind: 'choice', hasText: false });
    expect(fieldFacts(el({ tagName: 'INPUT', type: 'checkbox', value: 'on' }))).toEqual({ kind: 'other', hasText: false });
    expect(fieldFacts(el({ tagName: 'BUTTON' }))).toEqual({ kind: 'other', hasText: false });
    expect(fieldFacts(body)).toBeNull();
    expect(fieldFacts(null)).toBeNull();
  });
});
