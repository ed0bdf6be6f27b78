/** A whole number from the environment (a benchmark's size knob), or the fallback; at least `min`. */
export function envInt(name: string, fallback: number, min = 1): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer of at least ${min}`);
  return v;
}
