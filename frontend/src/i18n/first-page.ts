/**
 * The namespaces whose messages the first page (sign-in, the shell, the board) shows. A language's
 * catalogue comes in two chunks: these, before the first paint, and the rest right after, which
 * every lazily loaded page (and the softphone dock) waits for (`afterWords`). The build fails if a
 * module of the first page uses a message of another namespace (build/formatjs.ts).
 */
export const FIRST_PAGE_NAMESPACES = ['app', 'ui', 'auth', 'board', 'search', 'tags', 'pipelines', 'notifications', 'tasks', 'activities', 'deal', 'contacts', 'tls'] as const;
