import { WebhookPayload } from '@callboard/contracts';
import { retryDelayMs, webhookEventsOf } from './webhook-events';

describe('webhook events', () => {
  const deal = {
    id: '7f9d7a4e-6a43-4c1e-9f3a-1b2c3d4e5f60', title: 'T', amount: '1.00', currency: 'EUR',
    pipelineId: '7f9d7a4e-6a43-4c1e-9f3a-1b2c3d4e5f61', stageId: '7f9d7a4e-6a43-4c1e-9f3a-1b2c3d4e5f62', ownerId: null, ownerName: null,
    contactId: null, contactName: null, contactPhone: null, source: 'manual', status: 'won', position: 1, missed: false, lostReason: null,
    qualification: null, stageEnteredAt: '2026-12-01T10:00:00.000Z', lastContactAt: null, createdAt: '2026-12-01T09:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z',
  } as any;

  it('should send deal.moved and deal.won when a move closes the deal as won', () => {
    const out = webhookEventsOf('deal.changed', { deal, before: {} as any, audience: {} as any, fromStageId: deal.pipelineId }, new Date());
    expect(out.map((e) => e.type)).toEqual(['deal.moved', 'deal.won']);
    for (const e of out) expect(WebhookPayload.safeParse(JSON.parse(e.body)).success).toBe(true);
    expect(new Set(out.map((e) => e.id)).size).toBe(2);
  });

  it('should send deal.moved and deal.lost when a move closes the deal as lost', () => {
    const lost = { ...deal, status: 'lost', lostReason: 'price' };
    const out = webhookEventsOf('deal.changed', { deal: lost, before: {} as any, audience: {} as any, fromStageId: deal.pipelineId }, new Date());
    expect(out.map((e) => e.type)).toEqual(['deal.moved', 'deal.lost']);
    expect(JSON.parse(out[1].body).data.deal.lostReason).toBe('price');
  });

  it('should send nothing when a deal changed without a move', () => {
    expect(webhookEventsOf('deal.changed', { deal, before: {} as any, audience: {} as any, fromStageId: null }, new Date())).toEqual([]);
  });

  it('should give a call event a payload the contract accepts', () => {
    const [e] = webhookEventsOf('call.ended', { callId: 'abc@host', dealId: null, direction: 'inbound', durationSec: 12, at: new Date() }, new Date());
    expect(WebhookPayload.parse(JSON.parse(e.body)).type).toBe('call.ended');
  });

  it('should back off from 1 minute doubling up to 6 hours with at most 20 % jitter', () => {
    expect([1, 2, 3, 10, 20].map((n) => retryDelayMs(n, () => 0.5))).toEqual([60_000, 120_000, 240_000, 6 * 3600_000, 6 * 3600_000]);
    expect(retryDelayMs(1, () => 0)).toBe(48_000);
    expect(retryDelayMs(1, () => 1)).toBe(72_000);
  });
});
