// The body of every non-2xx answer from /api (suggestions, model, feedback): a machine code for the UI to branch
// on and a sentence it can show. Written with zod/mini, as every schema here: the browser parses with them.
import { z } from '../shared/zod-mini.ts';

export const apiErrorBodySchema = z.object({
  /** e.g. `invalid_request`, `session_not_accepted`, `rate_limited`. */
  error: z.string(),
  message: z.string(),
  /** For `invalid_request`: the first problems found, each as `path: message`. */
  issues: z.optional(z.array(z.string())),
  /** For `rate_limited` on /api/suggestions. */
  retryAfterSeconds: z.optional(z.number()),
});

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** A zod error's issues as the `issues` of an `invalid_request` body: at most ten, each `path: message`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues
    .slice(0, 10)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
}
