import { defaultPipeline } from '../../test/support/api';
import { createWorld, type World } from './fixtures';

// PATCH /api/stages/:id: a stage's win probability (0–100) and time limit, for Heads only.
let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world?.backend.destroy();
});

const stageOf = async (id: string) => {
  const pipelines = (await world.head.get('/api/pipelines')).body as { stages: { id: string }[] }[];
  return pipelines.flatMap((p) => p.stages).find((s) => s.id === id) as Record<string, unknown>;
};

describe('stage settings', () => {
  it("should show each stage's probability and key, and save a new probability and time limit", async () => {
    const pipeline = await defaultPipeline(world.head);
    const id = pipeline.stageId('In progress');
    expect(await stageOf(id)).toMatchObject({ probability: 40, systemKey: 'in_progress', limitHours: 336 });

    const res = await world.head.patch(`/api/stages/${id}`, { probability: 55, limitHours: 72 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, probability: 55, limitHours: 72 });
    expect(await stageOf(id)).toMatchObject({ probability: 55, limitHours: 72 });

    // the limit can be removed without touching the probability
    expect((await world.head.patch(`/api/stages/${id}`, { limitHours: null })).body).toMatchObject({ probability: 55, limitHours: null });
    expect((await world.head.patch(`/api/stages/${id}`, { probability: 0 })).body).toMatchObject({ probability: 0 });
    expect((await world.head.patch(`/api/stages/${id}`, { probability: 100 })).body).toMatchObject({ probability: 100 });
  });

  it('should refuse a probability outside 0–100 or not a whole number, and a Seller', async () => {
    const pipeline = await defaultPipeline(world.head);
    const id = pipeline.stageId('New');
    for (const probability of [101, -1, 12.5, '50', null]) {
      const res = await world.head.patch(`/api/stages/${id}`, { probability });
      expect([probability, res.status, res.body.code]).toEqual([probability, 400, 'VALIDATION_FAILED']);
    }
    expect((await world.alice.patch(`/api/stages/${id}`, { probability: 50 })).status).toBe(403);
    expect(await stageOf(id)).toMatchObject({ probability: 10 });
  });

  it('should take a probability when a stage is created', async () => {
    const pipeline = await defaultPipeline(world.head);
    const res = await world.head.post(`/api/pipelines/${pipeline.id}/stages`, { name: 'Negotiation', group: 'active', probability: 60 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Negotiation', probability: 60, systemKey: null });
  });
});
