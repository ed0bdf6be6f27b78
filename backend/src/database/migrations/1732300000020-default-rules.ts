/**
 * The default automation rules: the spec's stage table as data. Seeded once by the sales-process
 * migration; a Head edits, disables or re-enables them through /api/automation/rules.
 */
export const DEFAULT_RULES: {
  key: string;
  name: string;
  enabled?: boolean;
  trigger: Record<string, unknown>;
  conditions: Record<string, unknown>[];
  actions: Record<string, unknown>[];
}[] = [
  {
    key: 'taken_to_new',
    name: 'Taking an Unsorted deal moves it to New',
    trigger: { type: 'event', event: 'deal.field_changed' },
    conditions: [
      { field: 'event.field', op: 'eq', value: 'ownerId' },
      { field: 'deal.stageKey', op: 'eq', value: 'unsorted' },
      { field: 'deal.ownerId', op: 'not_empty' },
    ],
    actions: [{ type: 'move_stage', stageKey: 'new' }],
  },
  {
    key: 'no_answer',
    name: 'An unanswered outbound attempt moves the deal to No answer',
    trigger: { type: 'event', event: 'call.missed' },
    conditions: [
      { field: 'event.direction', op: 'eq', value: 'outbound' },
      { field: 'deal.stageKey', op: 'in', value: ['unsorted', 'new'] },
      { field: 'deal.attempts', op: 'lt', value: 6 },
    ],
    actions: [{ type: 'move_stage', stageKey: 'no_answer' }],
  },
  {
    key: 'unreachable',
    name: 'The sixth unanswered attempt closes the deal as Lost (unreachable)',
    trigger: { type: 'event', event: 'call.missed' },
    conditions: [
      { field: 'event.direction', op: 'eq', value: 'outbound' },
      { field: 'deal.stageKey', op: 'in', value: ['new', 'no_answer'] },
      { field: 'deal.attempts', op: 'gte', value: 6 },
      { field: 'deal.conversations', op: 'eq', value: 0 },
    ],
    actions: [{ type: 'move_stage', stageKey: 'lost', lostReason: 'unreachable' }],
  },
  {
    key: 'initial_contact',
    name: 'The first answered conversation moves to Initial contact, with a follow-up in 2 days',
    trigger: { type: 'event', event: 'call.answered' },
    conditions: [
      { field: 'deal.conversations', op: 'eq', value: 1 },
      { field: 'deal.stageKey', op: 'in', value: ['unsorted', 'new', 'no_answer'] },
    ],
    actions: [
      { type: 'move_stage', stageKey: 'initial_contact' },
      { type: 'create_task', title: 'Follow up on the first conversation', taskType: 'call_back', dueInHours: 48, assignTo: 'owner' },
    ],
  },
  {
    key: 'second_conversation',
    name: 'A second conversation moves to In progress',
    trigger: { type: 'event', event: 'call.answered' },
    conditions: [
      { field: 'deal.conversations', op: 'gte', value: 2 },
      { field: 'deal.stageKey', op: 'in', value: ['new', 'no_answer', 'initial_contact'] },
    ],
    actions: [{ type: 'move_stage', stageKey: 'in_progress' }],
  },
  {
    key: 'meeting',
    name: 'A meeting moves to In progress',
    trigger: { type: 'event', event: 'activity.logged' },
    conditions: [
      { field: 'event.kind', op: 'eq', value: 'visit' },
      { field: 'deal.stageKey', op: 'in', value: ['unsorted', 'new', 'no_answer', 'initial_contact'] },
    ],
    actions: [{ type: 'move_stage', stageKey: 'in_progress' }],
  },
  {
    key: 'offer_sent',
    name: 'An offer sent moves to In progress',
    trigger: { type: 'event', event: 'offer.status_changed' },
    conditions: [
      { field: 'event.offerStatus', op: 'eq', value: 'sent' },
      { field: 'deal.stageKey', op: 'in', value: ['unsorted', 'new', 'no_answer', 'initial_contact'] },
    ],
    actions: [{ type: 'move_stage', stageKey: 'in_progress' }],
  },
  {
    key: 'serious_prospect',
    name: 'Three completed tasks and a target-group qualification make a Serious prospect',
    trigger: { type: 'event', event: 'task.completed' },
    conditions: [
      { field: 'deal.completedTasks', op: 'gte', value: 3 },
      { field: 'deal.qualification', op: 'eq', value: 'target_group' },
      { field: 'deal.stageGroup', op: 'eq', value: 'active' },
      { field: 'deal.stageKey', op: 'neq', value: 'serious_prospect' },
    ],
    actions: [{ type: 'move_stage', stageKey: 'serious_prospect' }],
  },
  {
    key: 'serious_prospect_on_qualification',
    name: 'Qualifying as target group after three completed tasks makes a Serious prospect',
    trigger: { type: 'event', event: 'deal.field_changed' },
    conditions: [
      { field: 'event.field', op: 'eq', value: 'qualification' },
      { field: 'deal.completedTasks', op: 'gte', value: 3 },
      { field: 'deal.qualification', op: 'eq', value: 'target_group' },
      { field: 'deal.stageGroup', op: 'eq', value: 'active' },
      { field: 'deal.stageKey', op: 'neq', value: 'serious_prospect' },
    ],
    actions: [{ type: 'move_stage', stageKey: 'serious_prospect' }],
  },
  {
    key: 'offer_accepted',
    name: 'An accepted offer wins the deal',
    trigger: { type: 'event', event: 'offer.status_changed' },
    conditions: [
      { field: 'event.offerStatus', op: 'eq', value: 'accepted' },
      { field: 'deal.status', op: 'eq', value: 'open' },
    ],
    actions: [{ type: 'move_stage', stageKey: 'won' }],
  },
  {
    key: 'forgotten',
    name: 'No contact for 30 days moves an open deal to Forgotten',
    trigger: { type: 'timer', timer: 'no_contact', amount: 30, unit: 'days' },
    conditions: [
      { field: 'deal.status', op: 'eq', value: 'open' },
      { field: 'deal.stageGroup', op: 'eq', value: 'active' },
    ],
    actions: [{ type: 'move_stage', stageKey: 'forgotten' }],
  },
  {
    key: 'speed_to_lead',
    name: 'Speed to lead: an Unsorted deal untouched for 10 minutes alerts the Heads',
    trigger: { type: 'timer', timer: 'in_stage', amount: 10, unit: 'minutes', stageKey: 'unsorted' },
    conditions: [
      { field: 'deal.stageKey', op: 'eq', value: 'unsorted' },
      { field: 'deal.ownerId', op: 'empty' },
    ],
    actions: [
      { type: 'notify', to: 'heads', message: 'Nobody has taken "{deal.title}" for 10 minutes' },
      { type: 'email', to: 'heads', subject: 'Untouched lead: {deal.title}', body: 'The deal "{deal.title}" has waited in Unsorted for 10 minutes without an owner.' },
    ],
  },
  {
    key: 'stuck_in_stage',
    name: "Longer than the stage's limit nudges the owner",
    trigger: { type: 'timer', timer: 'in_stage', useStageLimit: true, unit: 'hours' },
    conditions: [
      { field: 'deal.status', op: 'eq', value: 'open' },
      { field: 'deal.ownerId', op: 'not_empty' },
    ],
    actions: [{ type: 'notify', to: 'owner', message: '"{deal.title}" has been in {deal.stageName} longer than its limit' }],
  },
  {
    key: 'task_overdue',
    name: 'A task overdue by a day alerts its assignee',
    enabled: false,
    trigger: { type: 'timer', timer: 'task_overdue', amount: 24, unit: 'hours' },
    conditions: [],
    actions: [{ type: 'notify', to: 'owner', message: 'A task on "{deal.title}" is overdue by a day' }],
  },
];
