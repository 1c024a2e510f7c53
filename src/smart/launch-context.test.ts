import { describe, expect, it } from 'vitest';
import {
  buildLaunchContext,
  decodeJwtClaims,
  fhirUserFromIdToken,
  normaliseNeedPatientBanner,
} from './launch-context.ts';
import { SmartLaunchError } from './launch-error.ts';
import { registeredEhrs } from './registered-ehrs.ts';

const SERVER = 'http://127.0.0.1:5999/ehr/epic/api/FHIR/R4';

function base64url(text: string): string {
  const binary = Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/u, '');
}

function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.signature`;
}

function without(object: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

const registration = registeredEhrs().find((candidate) => candidate.profile === 'epic');
if (!registration) throw new Error('no Epic registration');

describe('normaliseNeedPatientBanner', () => {
  it.each([
    [true, true],
    ['true', true],
    ['TRUE', true],
    [false, false],
    // Epic sends the string "false" (fhir.epic.com, "Retrieving Launch Context").
    ['false', false],
    [' False ', false],
    // Absent: no EHR banner is known to be showing, so Chartside shows its own.
    [undefined, true],
    [null, true],
    [0, true],
  ])('%j → %s', (value, expected) => {
    expect(normaliseNeedPatientBanner(value)).toBe(expected);
  });
});

describe('decodeJwtClaims / fhirUserFromIdToken', () => {
  it('decodes base64url payloads that atob alone would reject', () => {
    // '?>' encodes to base64 '/z4=', i.e. base64url '_z4': a '_' that atob throws on.
    const claims = { fhirUser: 'Practitioner/abc', note: '?>?>é' };
    expect(base64url(JSON.stringify(claims))).toMatch(/[-_]/u);
    expect(decodeJwtClaims(unsignedJwt(claims))).toEqual(claims);
  });

  it('returns undefined for something that is not a JWT', () => {
    expect(decodeJwtClaims('not-a-jwt')).toBeUndefined();
    expect(decodeJwtClaims('a.%%%.c')).toBeUndefined();
    expect(decodeJwtClaims(`a.${base64url('[1]')}.c`)).toBeUndefined();
  });

  it('reads fhirUser, falling back on the v1 profile claim', () => {
    expect(fhirUserFromIdToken(unsignedJwt({ fhirUser: `${SERVER}/Practitioner/p1` }))).toBe(
      `${SERVER}/Practitioner/p1`,
    );
    expect(fhirUserFromIdToken(unsignedJwt({ profile: 'Practitioner/p2' }))).toBe('Practitioner/p2');
    expect(fhirUserFromIdToken(unsignedJwt({ sub: 'x' }))).toBeUndefined();
    expect(fhirUserFromIdToken(undefined)).toBeUndefined();
  });
});

describe('buildLaunchContext', () => {
  const tokenResponse = {
    access_token: 'at',
    token_type: 'bearer',
    expires_in: 3600,
    scope: 'openid fhirUser launch patient/Patient.rs',
    patient: 'p-123',
    encounter: 'e-9',
    need_patient_banner: 'false',
    smart_style_url: 'http://127.0.0.1:5999/ehr/epic/oauth2/smart-style.json',
    id_token: unsignedJwt({ fhirUser: `${SERVER}/Practitioner/p1` }),
    refresh_token: 'rt',
  };

  it('turns an Epic token response into plain launch data', () => {
    expect(buildLaunchContext(tokenResponse, SERVER, registration)).toEqual({
      registration,
      serverUrl: SERVER,
      patientId: 'p-123',
      encounterId: 'e-9',
      needPatientBanner: false,
      smartStyleUrl: 'http://127.0.0.1:5999/ehr/epic/oauth2/smart-style.json',
      tenant: undefined,
      fhirUser: `${SERVER}/Practitioner/p1`,
      grantedScopes: ['openid', 'fhirUser', 'launch', 'patient/Patient.rs'],
    });
  });

  it('keeps the Oracle Health tenant and a boolean banner flag', () => {
    const context = buildLaunchContext(
      { ...tokenResponse, need_patient_banner: false, tenant: 't-1' },
      SERVER,
      registration,
    );
    expect(context).toMatchObject({ tenant: 't-1', needPatientBanner: false });
  });

  it('takes the requested scopes when the server omits scope (RFC 6749 §5.1)', () => {
    expect(buildLaunchContext(without(tokenResponse, 'scope'), SERVER, registration).grantedScopes).toEqual(
      registration.scopes,
    );
  });

  it('fails with launch-failed when no patient is in context', () => {
    expect(() => buildLaunchContext(without(tokenResponse, 'patient'), SERVER, registration)).toThrow(
      expect.objectContaining({ name: 'SmartLaunchError', kind: 'launch-failed' }),
    );
  });

  it('fails with token-error when there is no access token', () => {
    const error: unknown = (() => {
      try {
        buildLaunchContext({ patient: 'p' }, SERVER, registration);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SmartLaunchError);
    expect(error).toMatchObject({ kind: 'token-error' });
  });
});
