import { LANGUAGES, type Language } from '@callboard/contracts';
import { CATALOGUES, type MessageId, translate } from './catalogue';

/**
 * The words a new install starts with: the default pipeline's and stages' names and the default
 * automation rules' names and texts (migrations 0001 and 0020 write them in English). They are
 * renamed into the team's language while they are exactly as installed, in any language; a text
 * a Head wrote is never touched. Pure: the install-defaults service applies it.
 */

/** How a rule text names the deal it is about: the catalogue's {title} and {stage} become the engine's placeholders. */
const RULE_PLACEHOLDERS = { title: '{deal.title}', stage: '{deal.stageName}' };

export const DEFAULT_PIPELINE_NAME: MessageId = 'pipeline.default.name';

/** A default stage's name, by its system key. */
export const DEFAULT_STAGE_NAMES: Record<string, MessageId> = {
  unsorted: 'pipeline.stage.unsorted',
  new: 'pipeline.stage.new',
  no_answer: 'pipeline.stage.noAnswer',
  initial_contact: 'pipeline.stage.initialContact',
  in_progress: 'pipeline.stage.inProgress',
  serious_prospect: 'pipeline.stage.seriousProspect',
  won: 'pipeline.stage.won',
  lost: 'pipeline.stage.lost',
  forgotten: 'pipeline.stage.forgotten',
};

/** A default rule's name, by its system key. */
export const DEFAULT_RULE_NAMES: Record<string, MessageId> = {
  taken_to_new: 'automation.rule.takenToNew.name',
  no_answer: 'automation.rule.noAnswer.name',
  unreachable: 'automation.rule.unreachable.name',
  initial_contact: 'automation.rule.initialContact.name',
  second_conversation: 'automation.rule.secondConversation.name',
  meeting: 'automation.rule.meeting.name',
  offer_sent: 'automation.rule.offerSent.name',
  serious_prospect: 'automation.rule.seriousProspect.name',
  serious_prospect_on_qualification: 'automation.rule.seriousProspectOnQualification.name',
  offer_accepted: 'automation.rule.offerAccepted.name',
  forgotten: 'automation.rule.forgotten.name',
  speed_to_lead: 'automation.rule.speedToLead.name',
  stuck_in_stage: 'automation.rule.stuckInStage.name',
  task_overdue: 'automation.rule.taskOverdue.name',
};

/** The fields of a rule action that hold words (a task's title, a notification's message, an email's subject and body). */
export const ACTION_TEXT_FIELDS = ['title', 'message', 'subject', 'body'] as const;

/** Every text of the default rules: names, and the words of their actions. */
export const DEFAULT_RULE_TEXTS = (Object.keys(CATALOGUES.en) as MessageId[]).filter((id) => id.startsWith('automation.rule.'));

/** A default text as installed in `language` (a rule's words with the engine's placeholders). */
export function installedText(id: MessageId, language: Language): string {
  return translate(language, id, RULE_PLACEHOLDERS);
}

/** Which of `ids` this text is, as installed in any language; null for a text someone wrote. */
export function defaultIdOf(text: string, ids: readonly MessageId[]): MessageId | null {
  for (const id of ids) if (LANGUAGES.some((language) => installedText(id, language) === text)) return id;
  return null;
}

/** A default rule text as installed (any language) in `language`; any other text as it is. */
export function ruleTextIn(text: string, language: Language): string {
  const id = defaultIdOf(text, DEFAULT_RULE_TEXTS);
  return id ? installedText(id, language) : text;
}

/** A rule's actions with each default text in `language`; the rest of each action as it is. */
export function actionsIn<T extends object>(actions: readonly T[], language: Language): T[] {
  return actions.map((action) => {
    const out: Record<string, unknown> = { ...(action as Record<string, unknown>) };
    for (const field of ACTION_TEXT_FIELDS) if (typeof out[field] === 'string') out[field] = ruleTextIn(out[field], language);
    return out as T;
  });
}

/** The default pipeline's name in `language`, or null to leave it (a Head's own, or already so). */
export function pipelineNameIn(name: string, language: Language): string | null {
  return renamed(name, DEFAULT_PIPELINE_NAME, language);
}

/** A system stage's name in `language`, or null to leave it (a Head renamed it, or already so). */
export function stageNameIn(stage: { key: string; name: string }, language: Language): string | null {
  const id = DEFAULT_STAGE_NAMES[stage.key];
  return id ? renamed(stage.name, id, language) : null;
}

/**
 * A system rule's name and action words in `language`, or null to leave it: a rule a Head renamed
 * is never touched, and of one still named as installed only the words still as installed change.
 */
export function ruleWordsIn<A extends object>(
  rule: { key: string; name: string; actions: readonly A[] },
  language: Language,
): { name: string; actions: A[] } | null {
  const id = DEFAULT_RULE_NAMES[rule.key];
  if (!id || !defaultIdOf(rule.name, [id])) return null;
  const next = { name: installedText(id, language), actions: actionsIn(rule.actions, language) };
  return next.name === rule.name && JSON.stringify(next.actions) === JSON.stringify(rule.actions) ? null : next;
}

function renamed(text: string, id: MessageId, language: Language): string | null {
  if (!defaultIdOf(text, [id])) return null;
  const next = installedText(id, language);
  return next === text ? null : next;
}
