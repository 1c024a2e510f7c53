// The answers of POST /api/feedback (what the clinician did with each suggestion) and GET
// /api/feedback/decisions?iss=&patientId= (their latest decisions on this patient's suggestions), and the values
// both sides share. Requests: feedback-request-contract.ts. Ids, actions and reasons only: never clinical text.
import { z } from '../shared/zod-mini.ts';

export const FEEDBACK_SOURCES = ['rules', 'model'] as const;
export const FEEDBACK_ACTIONS = ['shown', 'accepted', 'dismissed', 'snoozed'] as const;
export const DISMISS_REASONS = ['not-relevant', 'already-addressed', 'incorrect', 'other'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export const feedbackPostResponseSchema = z.object({ recorded: z.number() });
export type FeedbackPostResponse = z.infer<typeof feedbackPostResponseSchema>;

/** The latest decision on one suggestion. */
export const storedDecisionSchema = z.object({
  suggestionId: z.string(),
  source: z.enum(FEEDBACK_SOURCES),
  action: z.enum(FEEDBACK_ACTIONS),
  reason: z.nullable(z.enum(DISMISS_REASONS)),
  snoozeUntil: z.nullable(z.string()),
  recordedAt: z.string(),
});

export type StoredDecision = z.infer<typeof storedDecisionSchema>;

/**
 * GET /api/feedback/decisions' answer. The list is checked here and each decision on its own by the reader, so
 * one it cannot read (written by a newer server, say) is skipped without losing the others.
 */
export const decisionsResponseSchema = z.object({ decisions: z.array(z.unknown()) });

export interface DecisionsResponse {
  readonly decisions: readonly StoredDecision[];
}
