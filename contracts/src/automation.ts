import { z } from 'zod';
import { Id, safeText } from './common';
import { Qualification } from './deals';

/** Events a rule can react to. */
export const RuleEvent = z.enum([
  'deal.created',
  'deal.stage_changed',
  'deal.field_changed',
  'task.created',
  'task.completed',
  'call.answered',
  'call.missed',
  'offer.status_changed',
  'activity.logged',
  /** A rep saved a call's wrap-up (its outcome is `event.outcome`). */
  'call.wrapped_up',
]);
export type RuleEvent = z.infer<typeof RuleEvent>;

/** Timers: no contact for N, in the same stage for N (or longer than the stage's limit), a task overdue by N. */
export const RuleTimer = z.enum(['no_contact', 'in_stage', 'task_overdue']);
export type RuleTimer = z.infer<typeof RuleTimer>;

export const RuleTrigger = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: RuleEvent }).strict(),
  z
    .object({
      type: z.literal('timer'),
      timer: RuleTimer,
      /** How long; ignored when useStageLimit is set. */
      amount: z.number().int().min(1).max(100_000).optional(),
      unit: z.enum(['minutes', 'hours', 'days']).default('hours'),
      /** in_stage only: use the stage's own limit (stages.limit_hours). */
      useStageLimit: z.boolean().optional(),
      /** in_stage only: start the timer only in the stage with this system key (e.g. unsorted). */
      stageKey: z.string().max(40).optional(),
    })
    .strict()
    .refine((t) => t.useStageLimit || t.amount, { message: 'a timer needs an amount, or useStageLimit', path: ['amount'] })
    .refine((t) => t.timer === 'in_stage' || (!t.useStageLimit && !t.stageKey), {
      message: 'useStageLimit and stageKey apply to in_stage timers only',
      path: ['timer'],
    }),
]);
export type RuleTrigger = z.infer<typeof RuleTrigger>;

export const ConditionOp = z.enum(['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty']);
export type ConditionOp = z.infer<typeof ConditionOp>;

/** A condition's operator in words, the same in a rule's summary (server) and its form (web app). */
export const CONDITION_OP_WORDS: Record<ConditionOp, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  empty: 'is empty',
  not_empty: 'is set',
};

const Scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

/**
 * A condition on a field of the deal (`deal.stageKey`, `deal.completedTasks`, ...) or of the
 * event (`event.direction`, ...). GET /api/automation/catalog lists the fields.
 */
export const RuleCondition = z
  .object({ field: z.string().min(1).max(60), op: ConditionOp, value: z.union([Scalar, z.array(Scalar).max(50)]).optional() })
  .strict();
export type RuleCondition = z.infer<typeof RuleCondition>;

/** Who gets a notification or an email. */
export const Recipient = z.union([z.literal('owner'), z.literal('heads'), Id]);

export const RuleAction = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('move_stage'),
      /** A stage's system key (new, no_answer, lost, ...) in the deal's pipeline, or a stage id. */
      stageKey: z.string().max(40).optional(),
      stageId: Id.optional(),
      lostReason: z.string().max(40).optional(),
    })
    .strict()
    .refine((a) => !!a.stageKey !== !!a.stageId, { message: 'give exactly one of stageKey and stageId', path: ['stageKey'] }),
  z.object({ type: z.literal('assign'), userId: Id }).strict(),
  z
    .object({
      type: z.literal('create_task'),
      title: safeText(200).pipe(z.string().min(1)),
      taskType: z.enum(['call_back', 'send_offer', 'meeting', 'other']).default('other'),
      dueInHours: z.number().min(0).max(24 * 365),
      /** The deal's owner (default) or a user id. */
      assignTo: z.union([z.literal('owner'), Id]).default('owner'),
    })
    .strict(),
  z
    .object({
      type: z.literal('set_field'),
      field: z.enum(['qualification', 'lostReason', 'missed']),
      value: z.union([z.string().max(200), z.boolean(), z.null()]),
    })
    .strict()
    // the value must be one the field takes: a rule that could only fail when it runs is refused when saved
    .refine(
      (a) =>
        a.field === 'missed'
          ? typeof a.value === 'boolean'
          : a.field === 'qualification'
            ? a.value === null || Qualification.safeParse(a.value).success
            : a.value === null || typeof a.value === 'string',
      { message: 'not a value this field takes (qualification: target_group, not_target_group or null; missed: true or false)', path: ['value'] },
    ),
  z.object({ type: z.literal('notify'), to: Recipient, message: safeText(500).pipe(z.string().min(1)) }).strict(),
  z
    .object({
      type: z.literal('email'),
      /** owner, heads, a user id, or an email address. */
      to: z.union([Recipient, z.email()]),
      subject: safeText(200).pipe(z.string().min(1)),
      body: safeText(5000).pipe(z.string().min(1)),
    })
    .strict(),
]);
export type RuleAction = z.infer<typeof RuleAction>;

export const Rule = z.object({
  id: Id,
  name: z.string(),
  enabled: z.boolean(),
  /** Set on the default rules that ship with the product. */
  systemKey: z.string().nullable(),
  trigger: RuleTrigger,
  conditions: z.array(RuleCondition),
  actions: z.array(RuleAction),
  /** Plain language: "When a task is completed, if ... then ...". */
  summary: z.string(),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rule = z.infer<typeof Rule>;

export const CreateRuleRequest = z
  .object({
    name: safeText(120).pipe(z.string().min(1)),
    enabled: z.boolean().default(true),
    trigger: RuleTrigger,
    conditions: z.array(RuleCondition).max(20).default([]),
    actions: z.array(RuleAction).min(1).max(10),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type CreateRuleRequest = z.infer<typeof CreateRuleRequest>;

export const UpdateRuleRequest = z
  .object({
    name: safeText(120).pipe(z.string().min(1)),
    enabled: z.boolean(),
    trigger: RuleTrigger,
    conditions: z.array(RuleCondition).max(20),
    actions: z.array(RuleAction).min(1).max(10),
    position: z.number().int().min(0).max(100_000),
  })
  .partial()
  .strict();
export type UpdateRuleRequest = z.infer<typeof UpdateRuleRequest>;

/** One thing a rule did (or failed to do) for one cause. */
export const RuleRun = z.object({
  id: Id,
  ruleId: Id,
  causeKey: z.string(),
  dealId: Id.nullable(),
  outcome: z.enum(['acted', 'failed']),
  actions: z.array(z.record(z.string(), z.unknown())),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type RuleRun = z.infer<typeof RuleRun>;

export const CatalogField = z.object({
  field: z.string(),
  label: z.string(),
  type: z.enum(['id', 'string', 'number', 'boolean']),
  /** Which events carry it; absent = every deal trigger. */
  events: z.array(z.string()).optional(),
});
export const AutomationCatalog = z.object({
  events: z.array(z.object({ event: RuleEvent, label: z.string() })),
  timers: z.array(z.object({ timer: RuleTimer, label: z.string() })),
  fields: z.array(CatalogField),
  ops: z.array(ConditionOp),
  actions: z.array(z.string()),
});
export type AutomationCatalog = z.infer<typeof AutomationCatalog>;

/** Test-only (NODE_ENV=test): move the server's clock. */
export const TestClockRequest = z.object({ offsetMs: z.number().int().optional(), advanceMs: z.number().int().min(0).optional() }).strict();
export type TestClockRequest = z.infer<typeof TestClockRequest>;
/** Test-only: emit a telephony domain event as the calls module would. */
export const TestEventRequest = z
  .object({
    event: z.enum(['call.answered', 'call.missed']),
    callId: z.string().min(1).max(255),
    dealId: Id.nullable(),
    userId: Id.nullable().optional(),
    direction: z.enum(['inbound', 'outbound']),
    reason: z.string().max(40).optional(),
  })
  .strict();
export type TestEventRequest = z.infer<typeof TestEventRequest>;
/** One event, or up to 500 in one request (as the bridge delivers call events). */
export const TestEventsRequest = z.union([TestEventRequest, z.object({ events: z.array(TestEventRequest).min(1).max(500) }).strict()]);
export type TestEventsRequest = z.infer<typeof TestEventsRequest>;
