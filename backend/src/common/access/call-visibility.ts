import type { Actor } from './access.decorators';
import { dealVisibleSql } from './deal-visibility';

/**
 * Who may see a call, over `call` (calls): a Head every one; a Seller the calls on deals they may
 * see (the deal rule, `dealVisibleSql`) and the calls they handled (answered, or placed outbound).
 * `actorIdParam` holds the actor's id. The same rule as the call history (CallsRepository.list).
 */
export function callVisibleSql(actor: Pick<Actor, 'role'>, actorIdParam: string, call = 'c'): string {
  if (actor.role === 'head') return `(${actorIdParam}::uuid IS NOT NULL)`;
  return `(${call}.answered_by = ${actorIdParam} OR (${call}.direction = 'outbound' AND ${call}.user_id = ${actorIdParam})
    OR EXISTS (SELECT 1 FROM deals vd JOIN stages vs ON vs.id = vd.stage_id WHERE vd.id = ${call}.deal_id AND ${dealVisibleSql(actorIdParam, 'vd', 'vs')}))`;
}
