// Fault switches: let tests (and the simulator's control endpoint) make the stand-in fail the way real EHRs do.
import { z } from 'zod';

const fhirFaultSchema = z.union([
  z.strictObject({
    /** Answer FHIR requests with this HTTP status and an OperationOutcome (401 = expired token). */
    status: z.union([
      z.literal(401),
      z.literal(403),
      z.literal(404),
      z.literal(429),
      z.literal(500),
      z.literal(503),
    ]),
    /** Only requests for this resource type; every FHIR request when absent. */
    resourceType: z.string().optional(),
    /** How many requests fail before the fault clears itself; forever when absent. */
    times: z.number().int().positive().optional(),
    /** Sent as Retry-After (seconds) with 429 and 503. */
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({
    /** Hold the response this long (to test client timeouts). */
    delayMs: z.number().int().positive(),
    resourceType: z.string().optional(),
    times: z.number().int().positive().optional(),
  }),
]);

export const faultSettingsSchema = z.strictObject({
  /** Added to every request the stand-in answers (round-trip latency). */
  latencyMs: z.number().int().nonnegative().default(0),
  /** The authorize endpoint denies consent (redirects with error=access_denied) without asking. */
  consentDenied: z.boolean().default(false),
  /** The token endpoint answers 400 invalid_grant. */
  tokenInvalidGrant: z.boolean().default(false),
  fhir: z.array(fhirFaultSchema).default([]),
});

export type FhirFault = z.infer<typeof fhirFaultSchema>;
export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export interface FaultController {
  readonly current: () => FaultSettings;
  readonly set: (settings: FaultSettingsInput) => void;
  readonly reset: () => void;
  /** The fault that applies to this FHIR request, counting it down; undefined when none applies. */
  readonly takeFhirFault: (resourceType: string | undefined) => FhirFault | undefined;
}

export function createFaultController(): FaultController {
  let settings = faultSettingsSchema.parse({});
  return {
    current: () => settings,
    set: (input) => {
      settings = faultSettingsSchema.parse(input);
    },
    reset: () => {
      settings = faultSettingsSchema.parse({});
    },
    takeFhirFault: (resourceType) => {
      const index = settings.fhir.findIndex(
        (fault) => fault.resourceType === undefined || fault.resourceType === resourceType,
      );
      const fault = settings.fhir[index];
      if (!fault) return undefined;
      if (fault.times !== undefined) {
        const remaining = fault.times - 1;
        const fhir = [...settings.fhir];
        if (remaining === 0) fhir.splice(index, 1);
        else fhir[index] = { ...fault, times: remaining };
        settings = { ...settings, fhir };
      }
      return fault;
    },
  };
}
