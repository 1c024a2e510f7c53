import { globalSchema } from '@medplum/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OAUTH_URIS_EXTENSION, RESTFUL_SECURITY_SERVICE_SYSTEM } from './capability-statement.ts';
import { oauthEndpoints, smartConfiguration } from './discovery.ts';
import {
  createFhirTestKit,
  fixtureResources,
  MAIN_FIXTURE,
  matchEntries,
  ofType,
  ORIGIN,
  OTHER_FIXTURE,
  patientIdOf,
  profileById,
  readBundle,
  readOutcome,
  readResource,
  type FhirTestKit,
  type StoredResource,
} from './fhir-test-kit.ts';
import type { EhrProfileId } from './profiles.ts';

const PROFILE_IDS: readonly EhrProfileId[] = ['sandbox', 'epic', 'oracle'];
const COMMON_TYPES = [
  'Patient',
  'Condition',
  'Observation',
  'MedicationRequest',
  'Medication',
  'AllergyIntolerance',
  'Immunization',
  'Procedure',
  'DiagnosticReport',
  'Encounter',
  'CarePlan',
  'Goal',
  'DocumentReference',
  'FamilyMemberHistory',
  'Practitioner',
  'Organization',
];

let kit: FhirTestKit;
let resources: StoredResource[];
let otherResources: StoredResource[];
let patientId: string;
let otherPatientId: string;

beforeAll(async () => {
  [resources, otherResources] = await Promise.all([
    fixtureResources(MAIN_FIXTURE),
    fixtureResources(OTHER_FIXTURE),
  ]);
  patientId = patientIdOf(resources);
  otherPatientId = patientIdOf(otherResources);
  // Builds (and indexes medplum's definitions for) the main patient's repository once for the whole file.
  const warmUp = await createFhirTestKit();
  await warmUp.context.patients.repository(patientId);
});

beforeEach(async () => {
  kit = await createFhirTestKit();
});

function countOf(type: StoredResource['resourceType'], from = resources): number {
  return from.filter((resource) => resource.resourceType === type).length;
}

describe('discovery and metadata', () => {
  it.each(PROFILE_IDS)(
    '%s: serves .well-known/smart-configuration without a token, open to any origin',
    async (id) => {
      const response = await kit.send(id, '/.well-known/smart-configuration');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toEqual(smartConfiguration(profileById(id), ORIGIN));
    },
  );

  it.each(PROFILE_IDS)(
    '%s: serves a CapabilityStatement with the SMART oauth-uris and the supported types',
    async (id) => {
      const response = await kit.send(id, '/metadata');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/fhir+json');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const statement = await readResource(response, 'CapabilityStatement');
      expect(statement.resourceType).toBe('CapabilityStatement');
      expect(statement.fhirVersion).toBe('4.0.1');

      const rest = statement.rest?.[0];
      const oauthUris = rest?.security?.extension?.find(
        (extension) => extension.url === OAUTH_URIS_EXTENSION,
      );
      const endpoints = oauthEndpoints(profileById(id), ORIGIN);
      expect(oauthUris?.extension).toEqual(
        expect.arrayContaining([
          { url: 'authorize', valueUri: endpoints.authorize },
          { url: 'token', valueUri: endpoints.token },
        ]),
      );
      expect(rest?.security?.service?.[0]?.coding).toContainEqual({
        system: RESTFUL_SECURITY_SERVICE_SYSTEM,
        code: 'SMART-on-FHIR',
      });

      const types = (rest?.resource ?? []).map((resource) => resource.type);
      const expected = id === 'sandbox' ? [...COMMON_TYPES, 'MedicationStatement'] : COMMON_TYPES;
      expect([...types].sort()).toEqual([...expected].sort());
      for (const resource of rest?.resource ?? []) {
        expect(resource.interaction?.map((interaction) => interaction.code)).toEqual(['read', 'search-type']);
        if (!['Patient', 'Practitioner', 'Organization', 'Medication'].includes(resource.type)) {
          expect(resource.searchParam?.map((param) => param.name)).toContain('patient');
        }
      }
    },
  );

  it('advertises only search parameters that medplum indexes for the type, with the same type', async () => {
    const statement = await readResource(await kit.send('sandbox', '/metadata'), 'CapabilityStatement');
    const mismatches: string[] = [];
    for (const resource of statement.rest?.[0]?.resource ?? []) {
      for (const param of resource.searchParam ?? []) {
        const indexed = globalSchema.types[resource.type]?.searchParams?.[param.name];
        if (indexed?.type !== param.type) mismatches.push(`${resource.type}.${param.name}:${param.type}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('tells Epic-like clients that Observation search needs a category', async () => {
    const statement = await readResource(await kit.send('epic', '/metadata'), 'CapabilityStatement');
    const observation = statement.rest?.[0]?.resource?.find((resource) => resource.type === 'Observation');
    expect(observation?.documentation).toContain('category');
  });

  it('answers other methods on metadata with 405', async () => {
    const response = await kit.send('sandbox', '/metadata', { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
  });
});

describe('bearer token', () => {
  it('rejects a request without a token with 401, a Bearer challenge and an OperationOutcome', async () => {
    const response = await kit.send('sandbox', `/Observation?patient=${patientId}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const outcome = await readOutcome(response);
    expect(outcome.issue[0]?.code).toBe('login');
  });

  it('rejects a non-Bearer Authorization header', async () => {
    const response = await kit.send('sandbox', `/Patient/${patientId}`, {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(response.status).toBe(401);
  });

  it('rejects an unknown token with invalid_token', async () => {
    const response = await kit.send('sandbox', `/Patient/${patientId}`, { token: 'not-a-real-token' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await readOutcome(response)).issue[0]?.code).toBe('login');
  });

  it('accepts a token until it expires, then answers 401 invalid_token', async () => {
    const token = kit.token('oracle', patientId);
    const lifetimeMs = profileById('oracle').accessTokenSeconds * 1000;
    kit.advanceMs(lifetimeMs - 1000);
    expect((await kit.send('oracle', `/Patient/${patientId}`, { token })).status).toBe(200);
    kit.advanceMs(1000);
    const response = await kit.send('oracle', `/Patient/${patientId}`, { token });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it("rejects a token issued by another profile's authorization server", async () => {
    const token = kit.token('sandbox', patientId);
    const response = await kit.send('epic', `/Patient/${patientId}`, { token });
    expect(response.status).toBe(401);
    expect((await readOutcome(response)).issue[0]?.code).toBe('security');
  });
});

describe('scopes', () => {
  it('answers 403 forbidden, naming the type, for a type outside the granted scopes', async () => {
    const token = kit.token('sandbox', patientId, ['launch/patient', 'patient/Condition.rs']);
    const denied = await kit.send('sandbox', `/Observation?patient=${patientId}`, { token });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('insufficient_scope');
    const outcome = await readOutcome(denied);
    expect(outcome.issue[0]?.code).toBe('forbidden');
    expect(outcome.issue[0]?.details?.text).toMatch(/Observation.*not in the granted scopes/);

    const allowed = await kit.send('sandbox', `/Condition?patient=${patientId}`, { token });
    expect(allowed.status).toBe(200);
    expect((await readBundle(allowed)).total).toBe(countOf('Condition'));
  });

  it('separates v2 read (r) from search (s)', async () => {
    const observationId = ofType(resources, 'Observation')[0]?.id ?? '';
    const readOnly = kit.token('sandbox', patientId, ['patient/Observation.r']);
    expect((await kit.send('sandbox', `/Observation/${observationId}`, { token: readOnly })).status).toBe(
      200,
    );
    expect((await kit.send('sandbox', `/Observation?patient=${patientId}`, { token: readOnly })).status).toBe(
      403,
    );

    const searchOnly = kit.token('sandbox', patientId, ['patient/Observation.s']);
    expect(
      (await kit.send('sandbox', `/Observation?patient=${patientId}`, { token: searchOnly })).status,
    ).toBe(200);
    expect((await kit.send('sandbox', `/Observation/${observationId}`, { token: searchOnly })).status).toBe(
      403,
    );
  });

  it('lets v1 .read cover both read and search (Oracle Health grants v1 only)', async () => {
    const observationId = ofType(resources, 'Observation')[0]?.id ?? '';
    const token = kit.token('oracle', patientId, ['launch', 'patient/Observation.read']);
    expect((await kit.send('oracle', `/Observation/${observationId}`, { token })).status).toBe(200);
    expect((await kit.send('oracle', `/Observation?patient=${patientId}`, { token })).status).toBe(200);
    const denied = await kit.send('oracle', `/Condition?patient=${patientId}`, { token });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('patient/Condition.read');
  });

  it('lets a wildcard scope reach every type', async () => {
    const token = kit.token('sandbox', patientId, ['patient/*.rs']);
    for (const type of ['Condition', 'Immunization', 'Encounter']) {
      expect((await kit.send('sandbox', `/${type}?patient=${patientId}`, { token })).status).toBe(200);
    }
  });
});

describe('patient compartment', () => {
  it("reads the patient in context and refuses another patient's record (403)", async () => {
    const token = kit.token('sandbox', patientId);
    const own = await kit.send('sandbox', `/Patient/${patientId}`, { token });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toContain('application/fhir+json');
    expect(await own.json()).toMatchObject({ resourceType: 'Patient', id: patientId });

    const other = await kit.send('sandbox', `/Patient/${otherPatientId}`, { token });
    expect(other.status).toBe(403);
    expect((await readOutcome(other)).issue[0]?.code).toBe('forbidden');
  });

  it("answers 404 for another patient's resource id and reads the patient's own", async () => {
    const token = kit.token('sandbox', patientId);
    const foreignId = ofType(otherResources, 'Observation')[0]?.id ?? '';
    const foreign = await kit.send('sandbox', `/Observation/${foreignId}`, { token });
    expect(foreign.status).toBe(404);
    expect((await readOutcome(foreign)).issue[0]?.code).toBe('not-found');

    const ownObservation = ofType(resources, 'Observation')[5];
    const own = await kit.send('sandbox', `/Observation/${ownObservation?.id ?? ''}`, { token });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      resourceType: 'Observation',
      id: ownObservation?.id,
      code: ownObservation?.code,
    });
  });

  it('requires patient (or subject) on searches of patient data: 400 required when missing', async () => {
    const token = kit.token('sandbox', patientId);
    const response = await kit.send('sandbox', '/Condition?clinical-status=active', { token });
    expect(response.status).toBe(400);
    expect((await readOutcome(response)).issue[0]?.code).toBe('required');
  });

  it('accepts patient as id, as Patient/id and as subject', async () => {
    const token = kit.token('sandbox', patientId);
    for (const query of [
      `patient=${patientId}`,
      `patient=Patient/${patientId}`,
      `subject=Patient/${patientId}`,
      `subject=${patientId}`,
    ]) {
      const bundle = await readBundle(await kit.send('sandbox', `/Condition?${query}`, { token }));
      expect(bundle.total, query).toBe(countOf('Condition'));
    }
  });

  it('accepts only patient, not subject, where R4 defines no subject parameter (AllergyIntolerance)', async () => {
    const token = kit.token('sandbox', patientId);
    expect((await kit.send('sandbox', `/AllergyIntolerance?subject=${patientId}`, { token })).status).toBe(
      400,
    );
    expect((await kit.send('sandbox', `/AllergyIntolerance?patient=${patientId}`, { token })).status).toBe(
      200,
    );
  });

  it('refuses a search naming another patient (403), also hidden in a comma list', async () => {
    const token = kit.token('sandbox', patientId);
    for (const query of [
      `patient=${otherPatientId}`,
      `subject=Patient/${otherPatientId}`,
      `patient=${patientId},${otherPatientId}`,
    ]) {
      const response = await kit.send('sandbox', `/Observation?${query}`, { token });
      expect(response.status, query).toBe(403);
      expect((await readOutcome(response)).issue[0]?.code).toBe('forbidden');
    }
  });

  it('lets Patient search find only the patient in context', async () => {
    const token = kit.token('sandbox', patientId);
    const byId = await readBundle(await kit.send('sandbox', `/Patient?_id=${patientId}`, { token }));
    expect(byId.total).toBe(1);
    expect(matchEntries(byId)[0]?.resource?.id).toBe(patientId);
    expect((await kit.send('sandbox', `/Patient?_id=${otherPatientId}`, { token })).status).toBe(403);
    const unfiltered = await readBundle(await kit.send('sandbox', '/Patient', { token }));
    expect(matchEntries(unfiltered).map((entry) => entry.resource?.id)).toEqual([patientId]);
  });

  it("serves the practitioners and organizations of the patient's record", async () => {
    const token = kit.token('sandbox', patientId);
    const practitioners = await readBundle(await kit.send('sandbox', '/Practitioner', { token }));
    expect(practitioners.total).toBe(countOf('Practitioner'));
    const practitionerId = ofType(resources, 'Practitioner')[0]?.id ?? '';
    expect((await kit.send('sandbox', `/Practitioner/${practitionerId}`, { token })).status).toBe(200);
  });
});

describe('routing', () => {
  it('answers 404 not-supported for a type the server does not serve, even one in the fixture (Claim)', async () => {
    expect(countOf('Claim')).toBeGreaterThan(0);
    const token = kit.token('sandbox', patientId);
    const response = await kit.send('sandbox', `/Claim?patient=${patientId}`, { token });
    expect(response.status).toBe(404);
    expect((await readOutcome(response)).issue[0]?.code).toBe('not-supported');
  });

  it('serves MedicationStatement only in the sandbox profile', async () => {
    const sandbox = await kit.send('sandbox', `/MedicationStatement?patient=${patientId}`, {
      token: kit.token('sandbox', patientId),
    });
    expect(sandbox.status).toBe(200);
    expect((await readBundle(sandbox)).total).toBe(countOf('MedicationStatement'));
    const epic = await kit.send('epic', `/MedicationStatement?patient=${patientId}`, {
      token: kit.token('epic', patientId),
    });
    expect(epic.status).toBe(404);
  });

  it.each([
    ['DELETE', '/Observation/abc'],
    ['PUT', '/Observation/abc'],
    ['POST', '/Observation'],
    ['GET', '/Observation/_search'],
  ])('answers %s %s with 405', async (method, path) => {
    const token = kit.token('sandbox', patientId);
    const response = await kit.send('sandbox', path, {
      token,
      method,
      ...(method === 'GET' ? {} : { body: '{}' }),
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBeTruthy();
  });

  it('answers POST _search with a form body like the equivalent GET', async () => {
    const token = kit.token('sandbox', patientId);
    const query = `patient=${patientId}&category=laboratory`;
    const viaGet = await readBundle(await kit.send('sandbox', `/Observation?${query}`, { token }));
    const viaPost = await kit.send('sandbox', '/Observation/_search', {
      token,
      method: 'POST',
      body: query,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(viaPost.status).toBe(200);
    const bundle = await readBundle(viaPost);
    expect(bundle.total).toBe(viaGet.total);
    expect(matchEntries(bundle).map((entry) => entry.resource?.id)).toEqual(
      matchEntries(viaGet).map((entry) => entry.resource?.id),
    );
  });

  it('refuses a POST _search body that is not a form', async () => {
    const token = kit.token('sandbox', patientId);
    const response = await kit.send('sandbox', '/Observation/_search', {
      token,
      method: 'POST',
      body: JSON.stringify({ patient: patientId }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(415);
  });
});

describe('fault switches', () => {
  it('401: answers with an OperationOutcome and WWW-Authenticate invalid_token despite a valid token', async () => {
    kit.context.faults.set({ fhir: [{ status: 401 }] });
    const response = await kit.send('sandbox', `/Patient/${patientId}`, {
      token: kit.token('sandbox', patientId),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect((await readOutcome(response)).issue[0]?.severity).toBe('error');
  });

  it('403 on one resource type leaves the others working', async () => {
    kit.context.faults.set({ fhir: [{ status: 403, resourceType: 'Observation' }] });
    const token = kit.token('sandbox', patientId);
    const observation = await kit.send('sandbox', `/Observation?patient=${patientId}`, { token });
    expect(observation.status).toBe(403);
    expect((await readOutcome(observation)).issue[0]?.code).toBe('forbidden');
    expect((await kit.send('sandbox', `/Condition?patient=${patientId}`, { token })).status).toBe(200);
  });

  it('429 with Retry-After, then success once the fault has run out', async () => {
    kit.context.faults.set({ fhir: [{ status: 429, times: 1, retryAfterSeconds: 7 }] });
    const token = kit.token('sandbox', patientId);
    const throttled = await kit.send('sandbox', `/Condition?patient=${patientId}`, { token });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect((await readOutcome(throttled)).issue[0]?.code).toBe('throttled');
    const retried = await kit.send('sandbox', `/Condition?patient=${patientId}`, { token });
    expect(retried.status).toBe(200);
    expect((await readBundle(retried)).total).toBe(countOf('Condition'));
  });

  it('503 without retryAfterSeconds sends no Retry-After', async () => {
    kit.context.faults.set({ fhir: [{ status: 503, times: 1 }] });
    const response = await kit.send('sandbox', `/Condition?patient=${patientId}`, {
      token: kit.token('sandbox', patientId),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it('500 answers with an OperationOutcome', async () => {
    kit.context.faults.set({ fhir: [{ status: 500 }] });
    const response = await kit.send('sandbox', `/Condition?patient=${patientId}`, {
      token: kit.token('sandbox', patientId),
    });
    expect(response.status).toBe(500);
    expect((await readOutcome(response)).issue[0]?.code).toBe('exception');
  });

  it('delay holds the response, then answers normally', async () => {
    kit.context.faults.set({ fhir: [{ delayMs: 150, resourceType: 'Condition' }] });
    const token = kit.token('sandbox', patientId);
    const started = performance.now();
    const response = await kit.send('sandbox', `/Condition?patient=${patientId}`, { token });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect((await readBundle(response)).total).toBe(countOf('Condition'));
  });

  it('leaves discovery and metadata alone', async () => {
    kit.context.faults.set({ fhir: [{ status: 500 }] });
    expect((await kit.send('sandbox', '/metadata')).status).toBe(200);
    expect((await kit.send('sandbox', '/.well-known/smart-configuration')).status).toBe(200);
  });
});
