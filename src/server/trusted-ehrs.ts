// Which EHRs the backend trusts for a request's `iss`. The registry (launch/registered-ehrs.json) ships the
// sandbox stand-ins' loopback entries beside real EHRs; only a server that mounts the sandbox trusts those.
// In production a loopback iss would make the server send the caller's token to whatever listens on its own
// machine, so it is refused before any request is made, with a message that says why.
import {
  isSandboxRegistration,
  matchRegisteredEhr,
  registeredEhrs,
  type RegisteredEhr,
} from '../smart/registered-ehrs.ts';

export type EhrTrustCheck =
  | { readonly ok: true; readonly registration: RegisteredEhr }
  | {
      readonly ok: false;
      readonly status: 403;
      readonly error: 'unregistered_ehr' | 'sandbox_ehr_not_trusted';
      readonly message: string;
    };

export type TrustEhr = (iss: string) => EhrTrustCheck;

export interface TrustedEhrsOptions {
  /** The registry; launch/registered-ehrs.json by default. */
  readonly registrations?: readonly RegisteredEhr[];
  /** Whether the sandbox's registrations (profile `sandbox`, loopback issPattern) are trusted too. */
  readonly trustSandbox: boolean;
}

export function createEhrTrust(options: TrustedEhrsOptions): TrustEhr {
  const all = options.registrations ?? registeredEhrs();
  const trusted = options.trustSandbox
    ? all
    : all.filter((registration) => !isSandboxRegistration(registration));
  return (iss) => {
    const registration = matchRegisteredEhr(iss, trusted);
    if (registration !== undefined) return { ok: true, registration };
    const sandboxOnly = options.trustSandbox ? undefined : matchRegisteredEhr(iss, all);
    if (sandboxOnly !== undefined) {
      return {
        ok: false,
        status: 403,
        error: 'sandbox_ehr_not_trusted',
        message: `${iss} is the sandbox EHR "${sandboxOnly.name}", which this server does not trust: the sandbox is off (CHARTSIDE_SANDBOX=off).`,
      };
    }
    return {
      ok: false,
      status: 403,
      error: 'unregistered_ehr',
      message: `${iss} is not an EHR registered with Chartside.`,
    };
  };
}
