import { dealAudience, dealRooms, HEADS_ROOM, userRoom } from '../../common/access/deal-visibility';
import type { CallAudienceRow } from './conversation.repository';

/** Those who may see the call (callVisibleSql): the Heads, its deal's audience (as it is now), and the reps who handled it. */
export function conversationRooms(a: CallAudienceRow): string[] {
  const rooms = new Set([HEADS_ROOM]);
  if (a.dealId && !a.dealDeleted && a.dealStageGroup !== null) {
    for (const room of dealRooms(dealAudience({ ownerId: a.dealOwnerId, stageGroup: a.dealStageGroup }))) rooms.add(room);
  }
  // the reps who handled it (callVisibleSql): who answered, or who placed it
  for (const id of [a.answeredBy, a.direction === 'outbound' ? a.userId : null]) if (id) rooms.add(userRoom(id));
  return [...rooms];
}
