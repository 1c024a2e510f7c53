// POST /api/feedback's body and each of its events, and GET /api/feedback/decisions' query. Apart from the
// answers' schemas because only the server validates them: the browser imports this module for its types only,
// so these validators never reach the browser bundle.
import { z } from '../shared/zod-mini.ts';
import { DISMISS_REASONS, FEEDBACK_ACTIONS, FEEDBACK_SOURCES } from './feedback-contract.ts';
import { patientTargetShape } from './patient-target-contract.ts';

/** Events per request: the cards of one screen (shown) and a decision or two; far above what a screen sends. */
export const MAX_EVENTS_PER_REQUEST = 50;

export const feedbackEventSchema = z
  .strictObject({
    /** Stable across launches: a rule finding's id, or the model suggestion's content hash. */
    suggestionId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    source: z.enum(FEEDBACK_SOURCES),
    action: z.enum(FEEDBACK_ACTIONS),
    reason: z._default(z.nullable(z.enum(DISMISS_REASONS)), null),
    /** The clinician's words for "other"; kept short. */
    reasonText: z._default(z.nullable(z.string().check(z.trim(), z.maxLength(500))), null),
    /** Snoozed until (ISO instant). */
    snoozeUntil: z._default(z.nullable(z.iso.datetime({ offset: true })), null),
  })
  .check(
    z.refine((event) => event.action !== 'dismissed' || event.reason !== null, {
      message: 'a dismissal needs a reason',
      path: ['reason'],
    }),
    z.refine((event) => event.reason !== 'other' || (event.reasonText ?? '') !== '', {
      message: "reason 'other' needs reasonText",
      path: ['reasonText'],
    }),
    z.refine((event) => event.action !== 'snoozed' || event.snoozeUntil !== null, {
      message: 'a snooze needs snoozeUntil',
      path: ['snoozeUntil'],
    }),
  );

/** A feedback event as the server keeps it (absent reason, text and snooze end are null). */
export type FeedbackEvent = z.output<typeof feedbackEventSchema>;
/** A feedback event as the browser may send it. */
export type FeedbackEventInput = z.input<typeof feedbackEventSchema>;

/**
 * POST /api/feedback. Its events are checked one by one (feedbackEventSchema) so that the answer can say which
 * one is wrong.
 */
export const feedbackPostBodySchema = z.strictObject({
  ...patientTargetShape,
  events: z.array(z.unknown()).check(z.minLength(1, 'events is empty'), z.maxLength(MAX_EVENTS_PER_REQUEST)),
});

export type FeedbackPostBody = Omit<z.infer<typeof feedbackPostBodySchema>, 'events'> & {
  readonly events: readonly FeedbackEventInput[];
};

/** GET /api/feedback/decisions' query. */
export const decisionsQuerySchema = z.strictObject(patientTargetShape);
export type DecisionsQuery = z.infer<typeof decisionsQuerySchema>;
