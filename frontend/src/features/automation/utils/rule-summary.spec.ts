import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidElement, type ReactNode } from 'react';
import { createIntl } from 'react-intl';
import type { Rule } from '@callboard/contracts';
import { setFormatSettings } from '@/lib/format';
import { summarizeRule, type SummaryNames } from './rule-summary';

const BOB = '00000000-0000-4000-8000-0000000000b0';
const STAGES: Record<string, string> = { unsorted: 'Unsorted', new: 'New', no_answer: 'No answer', lost: 'Lost' };
// the words other features give (a value of a fixed list, a lost reason) are theirs to translate: here in English
const VALUES: Record<string, string> = { 'event.direction/outbound': 'Outgoing' };
const names: SummaryNames = {
  stageByKey: (key) => STAGES[key],
  nameById: (id) => (id === BOB ? 'Bob Seller' : undefined),
  lostReason: (key) => (key === 'unreachable' ? 'Unreachable' : key),
  value: (field, value) => VALUES[`${field}/${value}`],
};

/** The text a summary shows (its elements' text in order), without rendering it. */
function text(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(text).join('');
  if (isValidElement(node)) return text((node.props as { children?: ReactNode }).children);
  return '';
}

function intlFor(locale: string) {
  const messages = locale === 'en' ? {} : JSON.parse(readFileSync(join(__dirname, '../../../i18n/locales', locale, 'automation.json'), 'utf8'));
  setFormatSettings({ locale });
  return createIntl({ locale, defaultLocale: 'en', messages, onError: () => {} });
}

type Parts = Pick<Rule, 'trigger' | 'conditions' | 'actions'>;

const welcome: Parts = {
  trigger: { type: 'event', event: 'deal.created' },
  conditions: [{ field: 'deal.amount', op: 'gt', value: 1000 }],
  actions: [{ type: 'create_task', title: 'Welcome call', taskType: 'other', dueInHours: 1, assignTo: 'owner' }],
};
const quiet: Parts = {
  trigger: { type: 'timer', timer: 'no_contact', amount: 3, unit: 'days' },
  conditions: [{ field: 'deal.stageKey', op: 'eq', value: 'new' }],
  actions: [{ type: 'assign', userId: BOB }],
};
const speedToLead: Parts = {
  trigger: { type: 'timer', timer: 'in_stage', amount: 10, unit: 'minutes', stageKey: 'unsorted' },
  conditions: [
    { field: 'deal.stageKey', op: 'eq', value: 'unsorted' },
    { field: 'deal.ownerId', op: 'empty' },
  ],
  actions: [
    { type: 'notify', to: 'heads', message: 'Nobody has taken "{deal.title}" for 10 minutes' },
    { type: 'email', to: 'heads', subject: 'Untouched lead: {deal.title}', body: 'The deal "{deal.title}" has waited.' },
  ],
};
const unreachable: Parts = {
  trigger: { type: 'event', event: 'call.missed' },
  conditions: [
    { field: 'event.direction', op: 'eq', value: 'outbound' },
    { field: 'deal.stageKey', op: 'in', value: ['new', 'no_answer'] },
    { field: 'deal.attempts', op: 'gte', value: 6 },
    { field: 'deal.conversations', op: 'eq', value: 0 },
  ],
  actions: [{ type: 'move_stage', stageKey: 'lost', lostReason: 'unreachable' }],
};

describe('a rule in plain words', () => {
  it('should say the trigger, each condition and each action in English when the page is in English', () => {
    const intl = intlFor('en');
    expect(text(summarizeRule(welcome, names, intl))).toBe('When a deal is created, if amount is more than 1,000, then create a task "Welcome call" due in 1 hour for the owner.');
    expect(text(summarizeRule(quiet, names, intl))).toBe('When a deal has had no contact for 3 days, if stage is New, then assign it to Bob Seller.');
    expect(text(summarizeRule(speedToLead, names, intl))).toBe(
      'When a deal has been in its stage for 10 minutes (in Unsorted), if stage is Unsorted and owner is empty, then notify the Heads in the app and email the Heads.',
    );
    expect(text(summarizeRule(unreachable, names, intl))).toBe(
      'When a call is missed, if call direction is Outgoing, stage is one of New and No answer, outbound attempts is at least 6, and answered conversations is 0, then move the deal to Lost (reason "Unreachable").',
    );
  });

  it('should leave out the conditions when a rule has none, and name what it cannot find', () => {
    const intl = intlFor('en');
    const rule: Parts = {
      trigger: { type: 'timer', timer: 'in_stage', unit: 'hours', useStageLimit: true },
      conditions: [],
      actions: [
        { type: 'assign', userId: '00000000-0000-4000-8000-0000000000ff' },
        { type: 'set_field', field: 'missed', value: false },
        { type: 'email', to: 'boss@example.com', subject: 'Stuck', body: 'Stuck' },
      ],
    };
    expect(text(summarizeRule(rule, names, intl))).toBe(
      "When a deal has been in its stage for longer than the stage's limit, then assign it to a chosen user, clear the missed-call mark, and email boss@example.com.",
    );
  });

  it('should keep the team’s names as they are, isolated, inside a translated sentence', () => {
    const summary = summarizeRule(quiet, names, intlFor('hu'));
    expect(text(summary)).toContain('Bob Seller');
    expect(text(summary)).toContain('New');
    expect(text(summary)).not.toMatch(/When|then|contact/);
    expect(JSON.stringify(summary)).toContain('data-user-content');
  });

  it.each(['hu', 'id', 'ro', 'he'])('should write every part of a summary in %s without an English word', (locale) => {
    const intl = intlFor(locale);
    for (const rule of [welcome, quiet, speedToLead, unreachable]) {
      const words = text(summarizeRule(rule, names, intl));
      expect(words).not.toMatch(/\b(?:When|if|then|deal|task|hours?|days?|owner|the Heads|stage is)\b/);
    }
  });
});
