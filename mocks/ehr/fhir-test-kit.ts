// Test helpers for the stand-in's FHIR API: a context with a clock the test moves, tokens issued straight into the
// token store, requests sent through handleFhirRequest, and the fixture files read directly (the expected counts
// come from the fixtures, never from the code under test). Used only by mocks/ehr/fhir-*.test.ts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bundle, BundleEntry, FhirResource, OperationOutcome } from 'fhir/r4';
import { createFaultController } from './faults.ts';
import { handleFhirRequest } from './fhir-api.ts';
import { isStoredResource } from './fhir-resources.ts';
import { createPatientStore, DEFAULT_FIXTURES_DIR, type PatientStore } from './patient-store.ts';
import { EHR_PROFILES, matchProfilePath, type EhrProfile, type EhrProfileId } from './profiles.ts';
import { createSigningKeys, type SigningKeys } from './signing-keys.ts';
import type { StandInContext } from './stand-in-context.ts';
import { createTokenStore, type Grant } from './token-store.ts';

export const ORIGIN = 'http://ehr.test';
/** 15 Jan 2026, 09:00 UTC: a fixed "now" so token expiry is deterministic. */
export const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);

/** The fixture with the most Observations (several pages at every page size). */
export const MAIN_FIXTURE = 'diabetes-hypertension-stroke-polypharmacy-elderly-female';
/** Another patient, whose resources the main patient's token must not reach. */
export const OTHER_FIXTURE = 'adult-asthma-multiple-allergies-male';

export type StoredResource = FhirResource & { id: string };

export interface FhirTestKit {
  readonly context: StandInContext;
  readonly advanceMs: (ms: number) => void;
  /** A live access token for this profile and patient; `patient/*` read+search scopes in the profile's syntax by default. */
  readonly token: (
    profile: EhrProfileId,
    patientId: string,
    scopes?: readonly string[],
    lifetimeSeconds?: number,
  ) => string;
  /** Sends a request to a path under the profile's FHIR base (`/Observation?patient=…`) or to an absolute URL. */
  readonly send: (
    profile: EhrProfileId,
    pathOrUrl: string,
    init?: { token?: string; method?: string; body?: string; headers?: Record<string, string> },
  ) => Promise<Response>;
}

let sharedPatients: Promise<PatientStore> | undefined;
let sharedKeys: Promise<SigningKeys> | undefined;

export async function createFhirTestKit(): Promise<FhirTestKit> {
  // Patients and keys are read-only (and costly: fixture parsing, RSA key generation), so every kit shares them.
  sharedPatients ??= createPatientStore();
  sharedKeys ??= createSigningKeys();
  let nowMs = START_MS;
  const context: StandInContext = {
    faults: createFaultController(),
    tokens: createTokenStore(),
    patients: await sharedPatients,
    keys: await sharedKeys,
    nowMs: () => nowMs,
  };
  return {
    context,
    advanceMs: (ms) => {
      nowMs += ms;
    },
    token: (profileId, patientId, scopes, lifetimeSeconds) => {
      const profile = profileById(profileId);
      const grant: Grant = {
        profile: profileId,
        clientId: 'chartside-test',
        redirectUri: 'http://app.test/launch/callback',
        scopes: scopes ?? [
          'launch/patient',
          'openid',
          'fhirUser',
          profile.scopeVersion === 'v2' ? 'patient/*.rs' : 'patient/*.read',
        ],
        patient: patientId,
        encounter: undefined,
        practitioner: 'Practitioner/test',
        ehrLaunch: true,
      };
      return context.tokens.issueAccessToken(grant, lifetimeSeconds ?? profile.accessTokenSeconds, nowMs);
    },
    send: (profileId, pathOrUrl, init = {}) => {
      const href = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${fhirBase(profileId)}${pathOrUrl}`;
      const headers: Record<string, string> = { accept: 'application/fhir+json', ...init.headers };
      if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
      const request = new Request(href, { method: init.method ?? 'GET', headers, body: init.body });
      const url = new URL(request.url);
      const match = matchProfilePath(url.pathname);
      if (match?.area !== 'fhir') throw new Error(`Not a FHIR URL: ${href}`);
      return handleFhirRequest(request, url, match.profile, match.rest, context);
    },
  };
}

export function profileById(id: EhrProfileId): EhrProfile {
  const profile = EHR_PROFILES.find((candidate) => candidate.id === id);
  if (!profile) throw new Error(`No profile ${id}`);
  return profile;
}

export function fhirBase(id: EhrProfileId): string {
  return `${ORIGIN}${profileById(id).fhirBasePath}`;
}

/** The response body, checked to be a resource of this type. */
export async function readResource<T extends FhirResource['resourceType']>(
  response: Response,
  type: T,
): Promise<Extract<FhirResource, { resourceType: T }>> {
  const body: unknown = await response.json();
  if (!isResourceOfType(body, type)) {
    throw new Error(`Expected a ${type} (HTTP ${response.status}): ${JSON.stringify(body)}`);
  }
  return body;
}

export function readBundle(response: Response): Promise<Bundle> {
  return readResource(response, 'Bundle');
}

export function readOutcome(response: Response): Promise<OperationOutcome> {
  return readResource(response, 'OperationOutcome');
}

function isResourceOfType<T extends FhirResource['resourceType']>(
  value: unknown,
  type: T,
): value is Extract<FhirResource, { resourceType: T }> {
  return (
    typeof value === 'object' && value !== null && 'resourceType' in value && value.resourceType === type
  );
}

export function matchEntries(bundle: Bundle): BundleEntry[] {
  return (bundle.entry ?? []).filter((entry) => entry.search?.mode === 'match');
}

/** The resources of the `match` entries, narrowed to FHIR resources with an id. */
export function matchResources(bundle: Bundle): StoredResource[] {
  return matchEntries(bundle).flatMap((entry) => {
    const resource: unknown = entry.resource;
    return isStoredResource(resource) ? [resource] : [];
  });
}

export function outcomeEntries(bundle: Bundle): OperationOutcome[] {
  return (bundle.entry ?? []).flatMap((entry) => {
    const resource: unknown = entry.resource;
    return entry.search?.mode === 'outcome' && isResourceOfType(resource, 'OperationOutcome')
      ? [resource]
      : [];
  });
}

export function nextLink(bundle: Bundle): string | undefined {
  return bundle.link?.find((link) => link.relation === 'next')?.url;
}

/** Every resource of a fixture file, straight from the JSON (not through the stand-in). */
export async function fixtureResources(fixture: string): Promise<StoredResource[]> {
  const bundle: unknown = JSON.parse(
    await readFile(path.join(DEFAULT_FIXTURES_DIR, `${fixture}.json`), 'utf8'),
  );
  if (!isResourceOfType(bundle, 'Bundle')) throw new Error(`${fixture} is not a Bundle`);
  return (bundle.entry ?? []).flatMap((entry) => {
    const resource: unknown = entry.resource;
    return isStoredResource(resource) ? [resource] : [];
  });
}

export function ofType<T extends FhirResource['resourceType']>(
  resources: readonly StoredResource[],
  type: T,
): (Extract<FhirResource, { resourceType: T }> & { id: string })[] {
  return resources.filter(
    (resource): resource is Extract<FhirResource, { resourceType: T }> & { id: string } =>
      resource.resourceType === type,
  );
}

export function patientIdOf(resources: readonly StoredResource[]): string {
  const patient = ofType(resources, 'Patient')[0];
  if (!patient) throw new Error('Fixture has no Patient');
  return patient.id;
}
