import { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { AppException } from '../errors/app.exception';

/** Validates a body or query with a contracts schema; 400 VALIDATION_FAILED with the issues. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const issues = result.error.issues.map((i) => ({ path: i.path, message: i.message }));
    const first = issues[0];
    const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
    throw new AppException('VALIDATION_FAILED', `Invalid input: ${where}${first?.message ?? 'invalid'}`, issues);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route ids: a malformed id is a 400, never a database error. */
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new AppException('VALIDATION_FAILED', 'The id in the path is not a valid id');
    }
    return value.toLowerCase();
  }
}
