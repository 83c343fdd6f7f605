import { z } from 'zod';
import { isAppError, type AppError } from '../../errors/app-error.ts';
import type { SourceInstance } from '../../repositories/source-instances.ts';

/** An instance that failed while others answered: the model sees which and why, with a typed code. */
export const instanceErrorSchema = z.object({
  instance_id: z.string(),
  name: z.string(),
  code: z.string(),
  message: z.string(),
});
export type InstanceError = z.infer<typeof instanceErrorSchema>;

export interface Across<T> {
  /** Answers of the instances that answered, in the instances' order. */
  answers: Array<{ instance: SourceInstance; value: T }>;
  errors: InstanceError[];
}

/**
 * Runs `fn` on every instance at once. When all of them fail, the first failure is the answer (a bad JQL
 * fails everywhere alike); otherwise the failures are listed beside the answers. Internal failures are
 * never listed (their message is not for clients): they fail the call.
 */
export async function acrossInstances<T>(
  instances: readonly SourceInstance[],
  fn: (instance: SourceInstance) => Promise<T>,
): Promise<Across<T>> {
  const settled = await Promise.allSettled(instances.map(fn));
  const answers: Across<T>['answers'] = [];
  const errors: InstanceError[] = [];
  let firstFailure: AppError | undefined;
  settled.forEach((outcome, n) => {
    const instance = instances[n];
    if (instance === undefined) return;
    if (outcome.status === 'fulfilled') {
      answers.push({ instance, value: outcome.value });
      return;
    }
    const reason: unknown = outcome.reason;
    if (!isAppError(reason) || reason.code === 'internal') throw reason;
    firstFailure ??= reason;
    errors.push({
      instance_id: instance.id,
      name: instance.name,
      code: reason.code,
      message: reason.message,
    });
  });
  if (answers.length === 0 && firstFailure !== undefined) throw firstFailure;
  return { answers, errors };
}
