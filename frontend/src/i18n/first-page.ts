/**
 * The messages the first page (sign-in, the shell, the board) shows, by namespace or by area
 * ("deal.new": deal.new.*). A language's catalogue comes in two chunks: these, before the first
 * paint, and the rest right after, which every lazily loaded page (and the softphone dock) waits
 * for (`afterWords`). The build fails if a module of the first page uses a message not listed here
 * (build/formatjs.ts), so the list can only be too long, never too short.
 */
export const FIRST_PAGE_MESSAGES = [
  'app.auth', 'app.board', 'app.live', 'app.login', 'app.nav', 'app.phone', 'app.role', 'app.shell',
  'auth.field', 'auth.login',
  'board',
  'ui',
  'search', 'notifications', 'pipelines', 'tls', 'exports.menu',
  'tags.list', 'tasks.badge', 'contacts.picker', 'imports.button',
  'deal.fields', 'deal.form', 'deal.lostReason', 'deal.new', 'deal.newForm', 'deal.owner',
  'activities.closeLost', 'activities.lostMove', 'activities.lostReason', 'activities.visitStatus', 'activities.visitType',
] as const;

/** Whether a message id is one the first page shows. */
export function onFirstPage(id: string, listed: readonly string[] = FIRST_PAGE_MESSAGES): boolean {
  return listed.some((p) => id === p || id.startsWith(`${p}.`));
}
