// Server configuration, read from the environment once at start-up. Every problem is reported at once, so a
// deployment with three wrong keys fails with three lines rather than one at a time. `.env.example` documents
// each key.
import { z } from 'zod';

const serverConfigSchema = z.strictObject({
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
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;

export type ConfigResult = { ok: true; value: ServerConfig } | { ok: false; issues: string[] };

/** Parses the server's environment: `PORT`, `HOST`, `CHARTSIDE_SANDBOX`. An empty value counts as unset. */
export function parseServerConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const set = (key: string): string | undefined => (env[key] === '' ? undefined : env[key]);
  const parsed = serverConfigSchema.safeParse({
    port: set('PORT'),
    host: set('HOST'),
    sandbox: set('CHARTSIDE_SANDBOX'),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => issue.message) };
}
