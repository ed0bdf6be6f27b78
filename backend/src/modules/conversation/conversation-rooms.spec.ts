import { conversationRooms } from './conversation-rooms';

const base = { dealId: null, dealOwnerId: null, dealStageGroup: null, dealDeleted: false, answeredBy: null, userId: null, direction: 'inbound' as const };

describe('conversationRooms', () => {
  it('should tell the Heads and the rep who answered when the call has no deal', () => {
    expect(conversationRooms({ ...base, answeredBy: 'a', userId: 'r' }).sort()).toEqual(['role:head', 'user:a']);
  });

  it('should tell the rep who placed it when the call is outbound', () => {
    expect(conversationRooms({ ...base, direction: 'outbound', userId: 'p' }).sort()).toEqual(['role:head', 'user:p']);
  });

  it("should tell the deal's owner, or every Seller while the deal is unowned in the inbox, when the call is on a deal", () => {
    expect(conversationRooms({ ...base, dealId: 'd', dealOwnerId: 'o', dealStageGroup: 'active' }).sort()).toEqual(['role:head', 'user:o']);
    expect(conversationRooms({ ...base, dealId: 'd', dealStageGroup: 'inbox' }).sort()).toEqual(['inbox', 'role:head']);
  });

  it('should tell nobody through a deleted deal', () => {
    expect(conversationRooms({ ...base, dealId: 'd', dealOwnerId: 'o', dealStageGroup: 'active', dealDeleted: true })).toEqual(['role:head']);
  });
});
