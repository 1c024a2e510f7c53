// Where the clinician's decisions on suggestions are kept: every shown / accepted / dismissed / snoozed event,
// with who, which patient and which EHR — never the suggestion's clinical text. PGlite (Postgres in WASM, in
// process) by default; PostgreSQL when DATABASE_URL is set. Both speak the same SQL.
import { z } from 'zod';
import {
  DISMISS_REASONS,
  FEEDBACK_ACTIONS,
  FEEDBACK_SOURCES,
  type StoredDecision,
} from '../../api-contract/feedback-contract.ts';
import type { FeedbackEvent } from '../../api-contract/feedback-request-contract.ts';

/** Who gave the feedback about which patient: verified by the server, never taken from the body. */
export interface FeedbackCaller {
  readonly iss: string;
  readonly fhirUser: string;
  readonly patientId: string;
}

export interface FeedbackStore {
  readonly record: (caller: FeedbackCaller, event: FeedbackEvent, recordedAt: Date) => Promise<void>;
  /** The latest accepted / dismissed / snoozed decision per suggestion, for this user and patient. */
  readonly decisions: (caller: FeedbackCaller) => Promise<StoredDecision[]>;
  readonly close: () => Promise<void>;
}

/** The part of PGlite and node-postgres that the store uses. */
export interface SqlClient {
  readonly query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;
  readonly close: () => Promise<void>;
}

const MIGRATION = `
create table if not exists feedback_event (
  id bigserial primary key,
  recorded_at timestamptz not null,
  iss text not null,
  fhir_user text not null,
  patient_id text not null,
  suggestion_id text not null,
  source text not null,
  action text not null,
  reason text,
  reason_text text,
  snooze_until timestamptz
);
create index if not exists feedback_event_caller on feedback_event (iss, fhir_user, patient_id, suggestion_id);
`;

const instant = z.union([z.date(), z.string()]).transform((value) => new Date(value).toISOString());
const decisionRowSchema = z.object({
  suggestion_id: z.string(),
  source: z.enum(FEEDBACK_SOURCES),
  action: z.enum(FEEDBACK_ACTIONS),
  reason: z.enum(DISMISS_REASONS).nullable(),
  snooze_until: instant.nullable(),
  recorded_at: instant,
});

export async function createFeedbackStore(client: SqlClient): Promise<FeedbackStore> {
  for (const statement of MIGRATION.split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    await client.query(statement);
  }
  return {
    record: async (caller, event, recordedAt) => {
      await client.query(
        `insert into feedback_event
           (recorded_at, iss, fhir_user, patient_id, suggestion_id, source, action, reason, reason_text, snooze_until)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          recordedAt.toISOString(),
          caller.iss,
          caller.fhirUser,
          caller.patientId,
          event.suggestionId,
          event.source,
          event.action,
          event.reason,
          event.reasonText,
          event.snoozeUntil,
        ],
      );
    },
    decisions: async (caller) => {
      // "shown" events are kept for the record but are not decisions; the newest decision wins.
      const { rows } = await client.query(
        `select distinct on (suggestion_id) suggestion_id, source, action, reason, snooze_until, recorded_at
           from feedback_event
          where iss = $1 and fhir_user = $2 and patient_id = $3 and action <> 'shown'
          order by suggestion_id, recorded_at desc, id desc`,
        [caller.iss, caller.fhirUser, caller.patientId],
      );
      return rows.map((raw): StoredDecision => {
        const row = decisionRowSchema.parse(raw);
        return {
          suggestionId: row.suggestion_id,
          source: row.source,
          action: row.action,
          reason: row.reason,
          snoozeUntil: row.snooze_until,
          recordedAt: row.recorded_at,
        };
      });
    },
    close: () => client.close(),
  };
}
