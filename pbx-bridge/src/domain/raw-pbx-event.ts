import { z } from 'zod';

/**
 * An event as the PBX sends it (Kamailio's evapi JSON). Loose on purpose: the normaliser decides
 * what becomes a CallEvent; anything else is logged and dropped.
 */
export const RawPbxEvent = z
  .object({
    boot: z.string().min(1).max(64),
    seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    type: z.string().max(40),
    callId: z.string(),
    /** "<unix seconds>.<micro>" as sent by Kamailio ($TV(Sn)). */
    ts: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough();
export type RawPbxEvent = z.infer<typeof RawPbxEvent>;

/** Kamailio's answer to our hello: which boot it is and its last sequence number. */
export const PbxHello = z.object({ type: z.literal('hello'), boot: z.string().min(1).max(64), seq: z.number().int() });
export type PbxHello = z.infer<typeof PbxHello>;
