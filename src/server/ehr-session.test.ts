import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEhrSessionVerifier, SESSION_CACHE_MS, sessionKey } from './ehr-session.ts';

const ISS = 'http://127.0.0.1:5998/ehr/sandbox/fhir';
const INPUT = { iss: ISS, patientId: 'p-1', accessToken: 'token-abc' };

/** A fake EHR: answers a Patient read with `status` (and the patient when 200), recording each request. */
function fakeEhr(status = 200, body: unknown = { resourceType: 'Patient', id: 'p-1' }) {
  const requests: Request[] = [];
  return {
    requests,
    fetch: (request: Request) => {
      requests.push(request);
      return Promise.resolve(
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/fhir+json' } }),
      );
    },
  };
}

describe('sessionKey', () => {
  it('is a SHA-256 of token, iss and patient, never the token itself', () => {
    const key = sessionKey('token-abc', ISS, 'p-1');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).toBe(createHash('sha256').update(`token-abc\n${ISS}\np-1`).digest('hex'));
    expect(key).not.toContain('token-abc');
  });

  it('differs when any part differs, and parts cannot run into each other', () => {
    const keys = new Set([
      sessionKey('token-abc', ISS, 'p-1'),
      sessionKey('token-abd', ISS, 'p-1'),
      sessionKey('token-abc', ISS, 'p-2'),
      sessionKey('token-abc', `${ISS}2`, 'p-1'),
      sessionKey('ab', 'c', 'd'),
      sessionKey('a', 'bc', 'd'),
    ]);
    expect(keys.size).toBe(6);
  });
});

describe('createEhrSessionVerifier', () => {
  it("reads the Patient with the caller's token, as FHIR JSON", async () => {
    const ehr = fakeEhr();
    expect(await createEhrSessionVerifier({ fetch: ehr.fetch }).verify(INPUT)).toEqual({ ok: true });
    const [request] = ehr.requests;
    expect(request?.url).toBe(`${ISS}/Patient/p-1`);
    expect(request?.headers.get('authorization')).toBe('Bearer token-abc');
    expect(request?.headers.get('accept')).toBe('application/fhir+json');
  });

  it('trusts an accepted session for a minute, then asks again', async () => {
    let nowMs = 0;
    const ehr = fakeEhr();
    const verifier = createEhrSessionVerifier({ fetch: ehr.fetch, nowMs: () => nowMs });
    await verifier.verify(INPUT);
    nowMs = SESSION_CACHE_MS - 1;
    await verifier.verify(INPUT);
    expect(ehr.requests).toHaveLength(1);
    nowMs = SESSION_CACHE_MS + 1;
    await verifier.verify(INPUT);
    expect(ehr.requests).toHaveLength(2);
  });

  it("does not let one session's answer stand for another token or patient", async () => {
    const ehr = fakeEhr();
    const verifier = createEhrSessionVerifier({ fetch: ehr.fetch });
    await verifier.verify(INPUT);
    await verifier.verify({ ...INPUT, accessToken: 'token-xyz' });
    expect(ehr.requests).toHaveLength(2);
  });

  it.each([401, 403, 404])(
    'refuses the session when the EHR answers %i, and does not cache the refusal',
    async (status) => {
      const ehr = fakeEhr(status, { resourceType: 'OperationOutcome' });
      const verifier = createEhrSessionVerifier({ fetch: ehr.fetch });
      expect(await verifier.verify(INPUT)).toMatchObject({
        ok: false,
        status: 401,
        error: 'session_not_accepted',
      });
      await verifier.verify(INPUT);
      expect(ehr.requests).toHaveLength(2);
    },
  );

  it.each([
    ['another patient', { resourceType: 'Patient', id: 'p-2' }],
    ['not a Patient', { resourceType: 'OperationOutcome' }],
    ['not FHIR', 'hello'],
  ])('refuses a 200 that is %s', async (_label, body) => {
    expect(await createEhrSessionVerifier({ fetch: fakeEhr(200, body).fetch }).verify(INPUT)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('answers 502 when the EHR fails or cannot be reached', async () => {
    expect(await createEhrSessionVerifier({ fetch: fakeEhr(503).fetch }).verify(INPUT)).toMatchObject({
      ok: false,
      status: 502,
      error: 'ehr_unavailable',
    });
    const unreachable = createEhrSessionVerifier({
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(await unreachable.verify(INPUT)).toMatchObject({
      ok: false,
      status: 502,
      error: 'ehr_unreachable',
    });
  });

  it('keeps at most maxEntries sessions, dropping the oldest', async () => {
    const ehr = fakeEhr();
    const verifier = createEhrSessionVerifier({ fetch: ehr.fetch, maxEntries: 2 });
    for (const accessToken of ['a', 'b', 'c', 'a']) await verifier.verify({ ...INPUT, accessToken });
    expect(ehr.requests).toHaveLength(4);
  });
});
