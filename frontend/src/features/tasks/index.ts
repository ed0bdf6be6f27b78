export { DealTasks } from './components/deal-tasks';
export { TaskBadges } from './components/task-badges';
export { useTaskBadges, useTaskBadge, taskKeys } from './hooks/use-tasks';
export { useTaskRealtime } from './hooks/use-task-realtime';
export { TASK_TYPE_MESSAGES, TASK_TYPES, fromLocalInput, toLocalInput } from './utils/task-labels';
export { ContactTasks } from './components/contact-tasks';
