import { LANGUAGES } from '@callboard/contracts';
import { DEFAULT_STAGES } from '../database/migrations/1732300000001-default-pipeline';
import { DEFAULT_RULES } from '../database/migrations/1732300000020-default-rules';
import type { MessageId } from './catalogue';
import {
  ACTION_TEXT_FIELDS,
  actionsIn,
  DEFAULT_PIPELINE_NAME,
  DEFAULT_RULE_NAMES,
  DEFAULT_RULE_TEXTS,
  DEFAULT_STAGE_NAMES,
  defaultIdOf,
  installedText,
  pipelineNameIn,
  ruleTextIn,
  ruleWordsIn,
  stageNameIn,
} from './default-words';

// The migrations install English; the English catalogue must say exactly that, or an untouched
// default would look renamed by a Head and never follow the team's language.

const textsOf = (actions: Record<string, unknown>[]) =>
  actions.flatMap((a) => ACTION_TEXT_FIELDS.filter((f) => typeof a[f] === 'string').map((f) => a[f] as string));

describe('a new install’s default words', () => {
  it('should name every default stage and rule, and nothing else', () => {
    expect(Object.keys(DEFAULT_STAGE_NAMES).sort()).toEqual(DEFAULT_STAGES.map((s) => s.key).sort());
    expect(Object.keys(DEFAULT_RULE_NAMES).sort()).toEqual(DEFAULT_RULES.map((r) => r.key).sort());
  });

  it('should say in English exactly what the migrations install', () => {
    expect(installedText(DEFAULT_PIPELINE_NAME, 'en')).toBe('Sales');
    for (const s of DEFAULT_STAGES) expect([s.key, installedText(DEFAULT_STAGE_NAMES[s.key], 'en')]).toEqual([s.key, s.name]);
    for (const r of DEFAULT_RULES) {
      expect([r.key, installedText(DEFAULT_RULE_NAMES[r.key], 'en')]).toEqual([r.key, r.name]);
      // each word of its actions is a catalogue text, so it follows the language too
      for (const text of textsOf(r.actions)) expect([r.key, text, defaultIdOf(text, DEFAULT_RULE_TEXTS)]).toEqual([r.key, text, expect.any(String)]);
    }
  });

  it.each([...LANGUAGES])('should fit the columns and the API’s limits in %s', (language) => {
    const long: string[] = [];
    const fits = (id: MessageId, max: number) => installedText(id, language).length <= max || long.push(`${id} over ${max}`);
    fits(DEFAULT_PIPELINE_NAME, 80);
    for (const id of Object.values(DEFAULT_STAGE_NAMES)) fits(id, 80);
    for (const id of Object.values(DEFAULT_RULE_NAMES)) fits(id, 120);
    for (const r of DEFAULT_RULES) {
      for (const a of actionsIn(r.actions, language) as Record<string, unknown>[]) {
        const limit = { title: 200, message: 500, subject: 200, body: 5000 };
        for (const f of ACTION_TEXT_FIELDS) if (typeof a[f] === 'string' && (a[f] as string).length > limit[f]) long.push(`${r.key} ${f} over ${limit[f]}`);
      }
    }
    expect(long).toEqual([]);
  });

  it('should never give two defaults the same text, in any two languages (a text tells which default it is)', () => {
    for (const ids of [[DEFAULT_PIPELINE_NAME, ...Object.values(DEFAULT_STAGE_NAMES)], DEFAULT_RULE_TEXTS]) {
      const seen = new Map<string, MessageId>();
      const clashes: string[] = [];
      for (const id of ids) {
        for (const language of LANGUAGES) {
          const text = installedText(id, language);
          if (seen.has(text) && seen.get(text) !== id) clashes.push(`${text}: ${seen.get(text)} and ${id}`);
          seen.set(text, id);
        }
      }
      expect(clashes).toEqual([]);
    }
  });

  it('should put a default rule text as installed in any language into another, with its placeholders', () => {
    const english = DEFAULT_RULES.find((r) => r.key === 'stuck_in_stage')!.actions[0].message as string;
    const hungarian = ruleTextIn(english, 'hu');
    expect(hungarian).toBe('Túllépte a szakasz időkorlátját: „{deal.title}” (szakasz: {deal.stageName})');
    expect(ruleTextIn(hungarian, 'he')).toContain('{deal.title}');
    expect(ruleTextIn(ruleTextIn(hungarian, 'ro'), 'en')).toBe(english);
  });

  it('should leave a text a Head wrote, and every field that is not words, as it is', () => {
    expect(ruleTextIn('Call {deal.title} back today!', 'hu')).toBe('Call {deal.title} back today!');
    const speed = DEFAULT_RULES.find((r) => r.key === 'speed_to_lead')!;
    const [notify, email] = actionsIn([...speed.actions, { type: 'notify', to: 'owner', message: 'Mine' }], 'ro');
    expect(notify).toEqual({ type: 'notify', to: 'heads', message: 'Nimeni nu a preluat „{deal.title}” de 10 minute' });
    expect(email).toMatchObject({ type: 'email', to: 'heads', subject: 'Lead nepreluat: {deal.title}' });
    expect(actionsIn([{ type: 'notify', to: 'owner', message: 'Mine' }], 'ro')).toEqual([{ type: 'notify', to: 'owner', message: 'Mine' }]);
  });
});

describe('renaming a new install’s defaults', () => {
  it('should rename the pipeline and a stage still as installed, in any language, and leave a Head’s own name', () => {
    expect(pipelineNameIn('Sales', 'ro')).toBe('Vânzări');
    expect(pipelineNameIn('Vânzări', 'hu')).toBe('Értékesítés');
    expect(pipelineNameIn('Értékesítés', 'hu')).toBeNull();
    expect(pipelineNameIn('Export team', 'hu')).toBeNull();
    expect(stageNameIn({ key: 'no_answer', name: 'No answer' }, 'he')).toBe('אין מענה');
    expect(stageNameIn({ key: 'no_answer', name: 'Nu răspunde' }, 'id')).toBe('Tidak dijawab');
    expect(stageNameIn({ key: 'no_answer', name: 'Voicemail' }, 'hu')).toBeNull();
    // another default's name is not this stage's: a Head chose it
    expect(stageNameIn({ key: 'no_answer', name: 'Lost' }, 'hu')).toBeNull();
    expect(stageNameIn({ key: 'custom', name: 'New' }, 'hu')).toBeNull();
  });

  it('should reword a rule still named as installed, and never one a Head renamed', () => {
    const speed = DEFAULT_RULES.find((r) => r.key === 'speed_to_lead')!;
    const hu = ruleWordsIn(speed, 'hu')!;
    expect(hu.name).toBe(installedText(DEFAULT_RULE_NAMES.speed_to_lead, 'hu'));
    expect(hu.actions[0]).toEqual({ type: 'notify', to: 'heads', message: 'Az ügyletet 10 perce senki sem vette át: „{deal.title}”' });
    expect(ruleWordsIn({ ...speed, ...hu }, 'hu')).toBeNull();
    expect(ruleWordsIn({ ...speed, name: 'Our own speed rule' }, 'hu')).toBeNull();
    // the Head's own message stays while the default name follows the language
    const edited = [{ ...speed.actions[0], message: 'Take {deal.title} now!' }, speed.actions[1]];
    expect(ruleWordsIn({ ...speed, actions: edited }, 'ro')!.actions[0]).toEqual({ type: 'notify', to: 'heads', message: 'Take {deal.title} now!' });
  });
});
