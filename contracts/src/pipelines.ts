import { z } from 'zod';
import { Id, safeText } from './common';

/** Every stage belongs to one status group; reports are built on groups. */
export const StageGroup = z.enum(['inbox', 'marketing', 'active', 'won', 'lost']);
export type StageGroup = z.infer<typeof StageGroup>;

export const Stage = z.object({
  id: Id,
  pipelineId: Id,
  name: z.string(),
  group: StageGroup,
  order: z.number().int(),
  /** Hours a deal may stay before its owner is nudged; null = no limit. */
  limitHours: z.number().int().nullable(),
  /** Win probability in percent (0–100), for the forecast: open amount × probability. */
  probability: z.number().int().min(0).max(100),
  /** The fixed key of a stage that ships with the product (unsorted, new, lost ...), which rules name; null for stages a Head added. */
  systemKey: z.string().nullable(),
});
export type Stage = z.infer<typeof Stage>;

export const Pipeline = z.object({
  id: Id,
  name: z.string(),
  isDefault: z.boolean(),
  stages: z.array(Stage),
});
export type Pipeline = z.infer<typeof Pipeline>;

export const CreateStageRequest = z.object({
  name: safeText(80).pipe(z.string().min(1)),
  group: StageGroup,
  /** Zero-based place among the pipeline's stages; default: last. */
  order: z.number().int().min(0).optional(),
  limitHours: z.number().int().min(1).max(24 * 365).nullable().optional(),
  /** Win probability in percent; default 0. */
  probability: z.number().int().min(0).max(100).optional(),
});
export type CreateStageRequest = z.infer<typeof CreateStageRequest>;

export const UpdateStageRequest = z
  .object({
    name: safeText(80).pipe(z.string().min(1)),
    group: StageGroup,
    limitHours: z.number().int().min(1).max(24 * 365).nullable(),
    probability: z.number().int().min(0).max(100),
  })
  .partial()
  .strict();
export type UpdateStageRequest = z.infer<typeof UpdateStageRequest>;

export const ReorderStagesRequest = z.object({ stageIds: z.array(Id).min(1).max(100) });
export type ReorderStagesRequest = z.infer<typeof ReorderStagesRequest>;

/** Deleting a stage that holds deals moves them out first, into `moveToStageId`. */
export const DeleteStageRequest = z.object({ moveToStageId: Id.optional() });
export type DeleteStageRequest = z.infer<typeof DeleteStageRequest>;
