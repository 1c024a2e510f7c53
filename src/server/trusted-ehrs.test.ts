import { describe, expect, it } from 'vitest';
import { isSandboxRegistration, registeredEhrs, type RegisteredEhr } from '../smart/registered-ehrs.ts';
import { createEhrTrust } from './trusted-ehrs.ts';

const HOSPITAL: RegisteredEhr = {
  name: 'Hospital Epic',
  issPattern: '^https://fhir\\.hospital\\.example/api/FHIR/R4$',
  clientId: 'chartside-prod',
  profile: 'epic',
  scopes: ['openid'],
};
const registrations = [...registeredEhrs(), HOSPITAL];

describe('isSandboxRegistration', () => {
  it.each([
    ['the sandbox profile', { ...HOSPITAL, profile: 'sandbox' as const }, true],
    ['127.0.0.1, escaped', { ...HOSPITAL, issPattern: '^http://127\\.0\\.0\\.1:5173/fhir$' }, true],
    ['localhost', { ...HOSPITAL, issPattern: '^https://localhost/fhir$' }, true],
    ['[::1]', { ...HOSPITAL, issPattern: '^http://\\[::1\\]/fhir$' }, true],
    ['a hospital EHR', HOSPITAL, false],
  ])('%s: %s', (_label, registration, expected) => {
    expect(isSandboxRegistration(registration)).toBe(expected);
  });

  it('holds for every entry shipped in launch/registered-ehrs.json (all are stand-ins on this machine)', () => {
    expect(registeredEhrs().map(isSandboxRegistration)).toEqual(registeredEhrs().map(() => true));
  });
});

describe('createEhrTrust', () => {
  const sandboxIss = 'http://127.0.0.1:5173/ehr/sandbox/fhir';
  const production = createEhrTrust({ registrations, trustSandbox: false });
  const sandbox = createEhrTrust({ registrations, trustSandbox: true });

  it.each([
    sandboxIss,
    'http://localhost:5173/ehr/epic/api/FHIR/R4',
    'http://127.0.0.1/ehr/oracle/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
  ])('production refuses the stand-in iss %s, saying the sandbox is off', (iss) => {
    const check = production(iss);
    expect(check).toMatchObject({ ok: false, status: 403, error: 'sandbox_ehr_not_trusted' });
    expect(check.ok ? '' : check.message).toContain('CHARTSIDE_SANDBOX=off');
    expect(sandbox(iss)).toMatchObject({ ok: true });
  });

  it('both trust a registered hospital EHR and refuse an unregistered one', () => {
    expect(production('https://fhir.hospital.example/api/FHIR/R4')).toMatchObject({
      ok: true,
      registration: HOSPITAL,
    });
    expect(sandbox('https://fhir.hospital.example/api/FHIR/R4')).toMatchObject({
      ok: true,
      registration: HOSPITAL,
    });
    for (const trust of [production, sandbox]) {
      expect(trust('https://other.example/fhir')).toEqual({
        ok: false,
        status: 403,
        error: 'unregistered_ehr',
        message: 'https://other.example/fhir is not an EHR registered with Chartside.',
      });
    }
  });
});
