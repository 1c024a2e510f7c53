// What every part of the stand-in (auth, FHIR API, simulator pages) shares.
import type { FaultController } from './faults.ts';
import type { PatientStore } from './patient-store.ts';
import type { SigningKeys } from './signing-keys.ts';
import type { TokenStore } from './token-store.ts';

export interface StandInContext {
  readonly faults: FaultController;
  readonly tokens: TokenStore;
  readonly patients: PatientStore;
  readonly keys: SigningKeys;
  /** Milliseconds since the epoch; injectable so tests can move the clock (token expiry). */
  readonly nowMs: () => number;
}
