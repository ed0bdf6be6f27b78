import { createHash } from 'node:crypto';

/**
 * Names for the SQL the app runs, so node-postgres prepares each text once per connection and
 * PostgreSQL parses (and, once it settles on a generic plan, plans) it once instead of on every
 * call. Before this, parse and bind were about a third of PostgreSQL's time on the calls path
 * (docs/performance.md). Names are a hash of the text: the same SQL gets the same name on every
 * connection, and two texts never share one.
 *
 * A text built at run time (a variable column or placeholder list) is a statement of its own;
 * after MAX_NAMED distinct texts in this process, new ones run unnamed, so no connection can
 * collect prepared statements without bound.
 */
export const MAX_NAMED = 2000;

export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max = MAX_NAMED) {}

  /** The statement's name, or null when it should run unnamed (a one-off text past the cap). */
  nameOf(sql: string): string | null {
    const known = this.names.get(sql);
    if (known) return known;
    if (this.names.size >= this.max) return null;
    const name = `cb_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    this.names.set(sql, name);
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}
