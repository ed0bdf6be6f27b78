import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { createIntl } from 'react-intl';
import type { DealEvent } from '@callboard/contracts';
import { formatDate } from '@/lib/format';
import huDeal from '@/i18n/locales/hu/deal.json';
import { describeDealEvent as describe_ } from './describe-event';

// react-intl ships ESM only and the unit project does not transform it; its core (which
// createIntl and defineMessages come from) is transformed, so the spec uses that.
jest.mock('react-intl', () => jest.requireActual('@formatjs/intl'));

const intl = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} });

/** The text a sentence shows (the unit project cannot render: its elements are walked). */
function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement(node)) return textOf((node.props as { children?: ReactNode }).children);
  return '';
}

/** Every element of a sentence (user content, isolates). */
function elementsOf(node: ReactNode): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap(elementsOf);
  if (!isValidElement<Record<string, unknown>>(node)) return [];
  return [node, ...elementsOf(node.props.children as ReactNode)];
}

const describeDealEvent = (e: DealEvent) => textOf(describe_(intl, e));

function event(over: Partial<DealEvent>): DealEvent {
  return {
    id: 'e1',
    dealId: 'd1',
    type: 'created',
    actorKind: 'user',
    actorId: 'u1',
    actorName: 'Alice',
    data: {},
    createdAt: '2024-01-01T00:00:00.000Z',
    ...over,
  };
}

describe('describeDealEvent', () => {
  it('should word the outcome and keep the note as text when a call was wrapped up', () => {
    const e = event({ type: 'wrap_up', data: { outcome: 'call_back_requested', note: '<b>after 3</b>' } });
    expect(describeDealEvent(e)).toBe('Alice wrapped up the call: Call back requested. Note: <b>after 3</b>');
    // a Head's own outcome is their word, isolated as user content
    const own = describe_(intl, event({ type: 'wrap_up', data: { outcome: 'demo_booked' } }));
    expect(textOf(own)).toBe('Alice wrapped up the call: demo booked');
    expect(elementsOf(own).some((el) => el.props['data-user-content'] && textOf(el) === 'demo booked')).toBe(true);
  });

  it('should name both stages when a user moved the deal', () => {
    const e = event({ type: 'moved', data: { fromStageName: 'New', toStageName: 'In progress' } });
    expect(describeDealEvent(e)).toBe('Alice moved it from New to In progress');
  });

  it('should say System when the system created the deal from an inbound call', () => {
    const e = event({ actorKind: 'system', actorId: null, actorName: null, data: { source: 'inbound_call' } });
    expect(describeDealEvent(e)).toBe('System created it from an inbound call');
  });

  it('should name the API key, as user content, when the key of an integration made the change', () => {
    const e = describe_(intl, event({ type: 'moved', actorKind: 'api_key', actorId: 'k1', actorName: 'Zapier', data: { fromStageName: 'New', toStageName: 'Won' } }));
    expect(textOf(e)).toBe('API key “Zapier” moved it from New to Won');
    expect(elementsOf(e).some((el) => el.props['data-user-content'] && textOf(el) === 'Zapier')).toBe(true);
  });

  it('should list each change when fields were edited', () => {
    const e = event({ type: 'edited', data: { changes: { title: { from: 'A', to: 'B' }, amount: { from: '1.00', to: null } } } });
    expect(describeDealEvent(e)).toBe('Alice changed the title from “A” to “B”, changed the amount from “1.00” to empty');
  });

  it('should name the tags added and removed when the tags changed, whatever their case', () => {
    const e = event({ type: 'edited', data: { changes: { tags: { from: ['vip', 'Q3', 'old'], to: ['VIP', 'Renewal'] } } } });
    expect(describeDealEvent(e)).toBe('Alice added the tag “Renewal”, removed the tags “Q3” and “old”');
  });

  it('should write out the expected close dates when they were changed', () => {
    const e = event({ type: 'edited', data: { changes: { expectedCloseOn: { from: '2027-03-15', to: null } } } });
    expect(describeDealEvent(e)).toBe(`Alice changed the expected close date from ${formatDate('2027-03-15')} to none`);
  });

  it('should name both reps when a call was transferred', () => {
    const e = event({ type: 'transferred', actorName: 'Bob', data: { fromUserName: 'Bob', toUserName: 'Alice' } });
    expect(describeDealEvent(e)).toBe('Bob transferred the call to Alice, who now owns the deal');
  });

  it('should say assigned when the deal had no owner before', () => {
    const e = event({ type: 'reassigned', data: { fromOwnerName: null, toOwnerName: 'Bob' } });
    expect(describeDealEvent(e)).toBe('Alice assigned it to Bob');
  });

  it('should describe a missed inbound call without an actor when the system logged it', () => {
    const e = event({ type: 'call', actorKind: 'system', actorName: null, data: { direction: 'inbound', outcome: 'missed' } });
    expect(describeDealEvent(e)).toBe('Inbound call (missed)');
  });

  it('should name the rule when a rule moved the deal', () => {
    const e = event({ type: 'moved', actorKind: 'system', actorId: null, actorName: null, data: { fromStageName: 'New', toStageName: 'Initial contact', ruleId: 'r1', ruleName: 'First conversation' } });
    expect(describeDealEvent(e)).toBe('Rule “First conversation” moved it from New to Initial contact');
  });

  it('should say which task was completed when a task event arrives', () => {
    const e = event({ type: 'task', data: { action: 'completed', title: 'Call back' } });
    expect(describeDealEvent(e)).toBe('Alice completed the task “Call back”');
  });

  it('should describe a logged visit with its type and status when the note is a visit', () => {
    const e = event({ type: 'note', data: { kind: 'visit', visitType: 'on_site', visitStatus: 'offer', body: '' } });
    expect(describeDealEvent(e)).toBe('Alice logged an on-site visit (offer)');
  });

  it('should show the message when a rule notified someone', () => {
    const e = event({ type: 'rule', actorKind: 'system', actorName: null, data: { ruleName: 'Speed to lead', action: 'notify', message: 'Take it' } });
    expect(describeDealEvent(e)).toBe('Rule “Speed to lead” sent a notification: Take it');
  });

  it('should say why when a person moved the deal to Lost with a reason', () => {
    const e = event({ type: 'moved', data: { fromStageName: 'New', toStageName: 'Lost', lostReason: 'no_budget' } });
    expect(describeDealEvent(e)).toBe('Alice moved it from New to Lost (reason: no budget)');
  });

  it('should name qualification values in words when the qualification changed', () => {
    const e = event({ type: 'edited', data: { changes: { qualification: { from: null, to: 'target_group' } } } });
    expect(describeDealEvent(e)).toBe('Alice changed the qualification from “Not qualified yet” to “Target group”');
    const old = event({ type: 'edited', actorKind: 'system', actorId: null, actorName: null, data: { changes: { qualification: { from: 'maybe', to: null } } } });
    expect(describeDealEvent(old)).toBe('System changed the qualification from “maybe” to “Not qualified yet”');
  });

  it('should say who claimed a call-back when its deal event says so', () => {
    expect(describeDealEvent(event({ type: 'task', data: { action: 'claimed', title: 'Call back +3630' } }))).toBe('Alice claimed the task “Call back +3630”');
  });

  it('should say a task was deleted when its deal event says so', () => {
    expect(describeDealEvent(event({ type: 'task', data: { action: 'deleted', title: 'Call back' } }))).toBe('Alice deleted the task “Call back”');
  });

  it('should name a default lost reason in words and a reason the Head added as they named it', () => {
    const e = event({ type: 'edited', data: { changes: { lostReason: { from: 'no_budget', to: 'site_survey' } } } });
    expect(describeDealEvent(e)).toBe('Alice changed the lost reason from “no budget” to “site survey”');
    const moved = event({ type: 'moved', data: { fromStageName: 'New', toStageName: 'Lost', lostReason: 'site_survey' } });
    expect(describeDealEvent(moved)).toBe('Alice moved it from New to Lost (reason: site survey)');
  });

  it('should give the outcome and the length when a rep placed the call', () => {
    const e = event({ type: 'call', data: { direction: 'outbound', outcome: 'completed', durationSec: 192 } });
    expect(describeDealEvent(e)).toBe('Alice: outbound call (completed, 3:12)');
  });

  it('should say a task was updated when its action is unknown, even one named like an Object property', () => {
    expect(describeDealEvent(event({ type: 'task', data: { action: 'constructor', title: 'Call back' } }))).toBe('Alice updated the task “Call back”');
    const field = event({ type: 'edited', data: { changes: { constructor: { from: 'a', to: 'b' } } } });
    expect(describeDealEvent(field)).toBe('Alice changed constructor from “a” to “b”');
  });

  it('should isolate names, stage names and titles as user content when they are in the sentence', () => {
    const e = event({ type: 'moved', data: { fromStageName: 'New', toStageName: 'In progress' } });
    const user = elementsOf(describe_(intl, e)).filter((el) => el.type === 'bdi' && el.props['data-user-content']);
    expect(user.map((el) => textOf(el))).toEqual(['Alice', 'New', 'In progress']);
  });

  it('should write the sentence in the language of the catalogue it is given', () => {
    const hu = createIntl({ locale: 'hu', defaultLocale: 'en', messages: huDeal, onError: () => {} });
    const e = event({ type: 'moved', data: { fromStageName: 'Új', toStageName: 'Folyamatban' } });
    const text = textOf(describe_(hu, e));
    expect(text).toContain('Alice');
    expect(text).toContain('Folyamatban');
    expect(text).not.toContain('moved it');
  });
});
