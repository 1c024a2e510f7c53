// Server configuration, read from the environment once at start-up. Every problem is reported at once, so a
// deployment with three wrong keys fails with three lines rather than one at a time. `.env.example` documents
// each key. Secrets (the Azure API key) are never echoed in a message. The model's keys: model/model-config.ts.
import { z } from 'zod';
import { parseModelConfig, type ModelConfig } from '../model/model-config.ts';
import type { ValidationResult } from '../shared/validation-result.ts';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly sandbox: boolean;
  /** Undefined when no model is configured: Chartside then runs on its rules alone and says so. */
  readonly model: ModelConfig | undefined;
  /** Suggestion requests per minute per SMART session. */
  readonly suggestionsPerMinute: number;
  /** PostgreSQL for the clinicians' feedback (DATABASE_URL); undefined keeps it in embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** PGlite's data folder (CHARTSIDE_DATA_DIR), used without DATABASE_URL. */
  readonly dataDir: string;
}

const serverSchema = z.strictObject({
  port: z.coerce
    .number({ error: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be between 0 and 65535')
    .max(65_535, 'PORT must be between 0 and 65535')
    .default(5173),
  host: z.string().trim().min(1, 'HOST must not be empty').default('127.0.0.1'),
  /** 'on' mounts the EHR stand-in and its simulator under /ehr; a production deployment turns it off. */
  sandbox: z
    .enum(['on', 'off'], { error: "CHARTSIDE_SANDBOX must be 'on' or 'off'" })
    .default('on')
    .transform((value) => value === 'on'),
  suggestionsPerMinute: z.coerce
    .number({ error: 'CHARTSIDE_SUGGESTIONS_PER_MINUTE must be a number' })
    .int('CHARTSIDE_SUGGESTIONS_PER_MINUTE must be a whole number')
    .min(1, 'CHARTSIDE_SUGGESTIONS_PER_MINUTE must be between 1 and 600')
    .max(600, 'CHARTSIDE_SUGGESTIONS_PER_MINUTE must be between 1 and 600')
    .default(12),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//u, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  dataDir: z
    .string()
    .trim()
    .min(1, 'CHARTSIDE_DATA_DIR must not be empty')
    .default('.chartside-data/feedback'),
});

export type ConfigResult = ValidationResult<ServerConfig>;

/**
 * Parses the server's environment: `PORT`, `HOST`, `CHARTSIDE_SANDBOX`, `CHARTSIDE_SUGGESTIONS_PER_MINUTE`,
 * and the model keys `AZURE_AI_*` (no `AZURE_AI_ENDPOINT`: no model). An empty value counts as unset.
 */
export function parseServerConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const set = (key: string): string | undefined => (env[key] === '' ? undefined : env[key]);
  const issues: string[] = [];
  const server = serverSchema.safeParse({
    port: set('PORT'),
    host: set('HOST'),
    sandbox: set('CHARTSIDE_SANDBOX'),
    suggestionsPerMinute: set('CHARTSIDE_SUGGESTIONS_PER_MINUTE'),
    databaseUrl: set('DATABASE_URL'),
    dataDir: set('CHARTSIDE_DATA_DIR'),
  });
  if (!server.success) issues.push(...server.error.issues.map((issue) => issue.message));

  const model = parseModelConfig(env);
  if (!model.ok) issues.push(...model.issues);

  if (!server.success || !model.ok) return { ok: false, issues };
  return { ok: true, value: { ...server.data, databaseUrl: server.data.databaseUrl, model: model.value } };
}
