// The options Chartside passes to fhirclient's authorize(): pure, so every choice here is unit-tested.
import type { fhirclient } from 'fhirclient/lib/types';
import type { RegisteredEhr } from './registered-ehrs.ts';

export interface AuthorizeInput {
  /** The EHR's opaque launch handle; absent for a standalone launch. */
  readonly launch: string | undefined;
  readonly iss: string;
  /** Absolute URL the EHR sends the clinician back to with `code` (Chartside's `/`). */
  readonly redirectUri: string;
  /** Whether Chartside runs inside the EHR's iframe (Epic activities, Oracle Health's embedded views). */
  readonly inFrame: boolean;
  /** The OAuth `state`: pass `crypto.randomUUID()` (122 random bits; fhirclient's default has fewer). */
  readonly stateKey: string;
}

/** Scope a standalone launch adds so the EHR asks the clinician to pick a patient. */
export const STANDALONE_PATIENT_SCOPE = 'launch/patient';

export function buildAuthorizeParams(
  registration: RegisteredEhr,
  input: AuthorizeInput,
): fhirclient.AuthorizeParams {
  const scopes = [...registration.scopes];
  if (input.launch === undefined) {
    // A standalone launch has no EHR context: drop `launch` and ask for a patient picker instead.
    const withoutLaunch = scopes.filter((scope) => scope !== 'launch');
    if (!withoutLaunch.includes(STANDALONE_PATIENT_SCOPE)) withoutLaunch.push(STANDALONE_PATIENT_SCOPE);
    scopes.splice(0, scopes.length, ...withoutLaunch);
  }
  return {
    iss: input.iss,
    ...(input.launch === undefined ? {} : { launch: input.launch }),
    clientId: registration.clientId,
    scope: scopes.join(' '),
    redirectUri: input.redirectUri,
    // S256 whenever the server advertises it (Epic, SMART 2.2 servers). 'required' would refuse Oracle
    // Health, whose discovery document advertises no code_challenge_methods_supported.
    pkceMode: 'ifSupported',
    stateKey: input.stateKey,
    // In the EHR's iframe, finish the handshake in that same frame: the default would post the code to the
    // parent window, which is the EHR itself.
    completeInTarget: input.inFrame,
  };
}
