// The launch context in a token response, narrowed from raw JSON: pure, so vendor quirks are unit-tested.
import { z } from '../shared/zod-mini.ts';
import type { RegisteredEhr } from './registered-ehrs.ts';
import { SmartLaunchError } from './launch-error.ts';

/** What Chartside knows about the launch once the token exchange is done (plain data). */
export interface LaunchContext {
  readonly registration: RegisteredEhr;
  /** The FHIR base URL (`iss`) the session talks to. */
  readonly serverUrl: string;
  readonly patientId: string;
  readonly encounterId: string | undefined;
  /** Whether Chartside must show its own patient banner (the EHR does not show one around it). */
  readonly needPatientBanner: boolean;
  readonly smartStyleUrl: string | undefined;
  /** Oracle Health's tenant id (token response `tenant`). */
  readonly tenant: string | undefined;
  /** The signed-in user as the id_token's `fhirUser` claim names them, e.g. `Practitioner/123`. */
  readonly fhirUser: string | undefined;
  readonly grantedScopes: readonly string[];
}

const tokenResponseSchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  scope: z.optional(z.string()),
  patient: z.optional(z.string()),
  encounter: z.optional(z.string()),
  need_patient_banner: z.unknown(),
  smart_style_url: z.optional(z.string()),
  tenant: z.optional(z.string()),
  id_token: z.optional(z.string()),
});

/**
 * SMART's `need_patient_banner` as a boolean. The spec sends a JSON boolean; Epic sends the string "false"
 * (fhir.epic.com OAuth 2.0 tutorial, "Retrieving Launch Context"). Absent (a standalone launch, or an EHR that
 * omits it) means no EHR banner is known to be showing, so Chartside shows its own: a clinician must always
 * see whose record they are reading.
 */
export function normaliseNeedPatientBanner(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim().toLowerCase() !== 'false';
  return true;
}

/** The claims of a JWT, without verifying its signature; undefined when it is not a JWT. */
export function decodeJwtClaims(jwt: string): Record<string, unknown> | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    // base64url → base64: fhirclient's own jwtDecode hands base64url to atob, which throws on '-' and '_'.
    const base64 = payload
      .replaceAll('-', '+')
      .replaceAll('_', '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isRecord(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `fhirUser` claim (SMART App Launch §"Scopes for requesting identity data"), or OpenID's older
 * `profile` claim. Display only: the id_token came straight from the token endpoint over TLS (OpenID
 * Connect Core §3.1.3.7 allows TLS server validation in place of the signature in that case), and no
 * access decision rests on it.
 */
export function fhirUserFromIdToken(idToken: string | undefined): string | undefined {
  if (idToken === undefined) return undefined;
  const claims = decodeJwtClaims(idToken);
  const fhirUser = claims?.['fhirUser'] ?? claims?.['profile'];
  return typeof fhirUser === 'string' && fhirUser !== '' ? fhirUser : undefined;
}

/** The launch context from a token response; throws SmartLaunchError when it lacks what Chartside needs. */
export function buildLaunchContext(
  tokenResponse: unknown,
  serverUrl: string,
  registration: RegisteredEhr,
): LaunchContext {
  const parsed = tokenResponseSchema.safeParse(tokenResponse);
  if (!parsed.success) {
    throw new SmartLaunchError(
      'token-error',
      `The token response is not usable: ${z.prettifyError(parsed.error)}`,
    );
  }
  const token = parsed.data;
  if (token.patient === undefined || token.patient === '') {
    throw new SmartLaunchError(
      'launch-failed',
      'The EHR did not say which patient is open (no `patient` in the token response)',
    );
  }
  return {
    registration,
    serverUrl,
    patientId: token.patient,
    encounterId: token.encounter || undefined,
    needPatientBanner: normaliseNeedPatientBanner(token.need_patient_banner),
    smartStyleUrl: token.smart_style_url || undefined,
    tenant: token.tenant || undefined,
    fhirUser: fhirUserFromIdToken(token.id_token),
    // RFC 6749 §5.1: scope may be omitted when it equals what was requested.
    grantedScopes: (token.scope ?? registration.scopes.join(' '))
      .split(/\s+/u)
      .filter((scope) => scope !== ''),
  };
}
