import { describe, expect, it } from 'vitest';
import {
  patientReadScope,
  REQUIRED_LAUNCH_SCOPES,
  requiredResourceTypes,
  type EhrProfileName,
} from './registered-ehrs.ts';
import { checkRegistrationDocument, describeRegistration } from './registration-report.ts';

function scopesFor(profile: EhrProfileName): string[] {
  return [
    ...REQUIRED_LAUNCH_SCOPES,
    ...requiredResourceTypes(profile).map((type) => patientReadScope(profile, type)),
  ];
}

const genericSmart = {
  name: 'Any SMART 2.x server',
  issPattern: '^https://fhir\\.example\\.org/r4$',
  clientId: 'chartside',
  profile: 'smart',
  scopes: scopesFor('smart'),
};

describe('checkRegistrationDocument', () => {
  it('summarises each entry of a valid document on one line', () => {
    const oracle = {
      name: 'Oracle Health',
      issPattern: '^https://fhir-ehr\\.cerner\\.com/r4/[0-9a-f-]{36}$',
      clientId: 'x',
      profile: 'oracle',
      scopes: scopesFor('oracle'),
    };
    const report = checkRegistrationDocument('draft.json', { registeredEhrs: [genericSmart, oracle] });
    expect(report.ok).toBe(true);
    expect(report.text.split('\n')).toEqual([
      'draft.json is valid: 2 registered EHRs',
      `  - "Any SMART 2.x server": profile smart, iss ^https://fhir\\.example\\.org/r4$, ${scopesFor('smart').length} scopes`,
      `  - "Oracle Health": profile oracle, iss ^https://fhir-ehr\\.cerner\\.com/r4/[0-9a-f-]{36}$, ${scopesFor('oracle').length} scopes`,
      '',
    ]);
  });

  it('refuses the whole document for one bad entry, naming the entry and the field', () => {
    const bad = { ...genericSmart, name: 'Epic production', profile: 'epic', clientId: 'has space' };
    const report = checkRegistrationDocument('launch/registered-ehrs.json', {
      registeredEhrs: [genericSmart, bad],
    });
    expect(report).toEqual({
      ok: false,
      text: 'launch/registered-ehrs.json is invalid (1 problem):\n  - registeredEhrs[1] "Epic production" clientId: clientId must not contain spaces\n',
    });
  });
});

describe('describeRegistration', () => {
  it('says "scope" for a single scope', () => {
    expect(describeRegistration({ ...genericSmart, profile: 'smart', scopes: ['openid'] })).toBe(
      '"Any SMART 2.x server": profile smart, iss ^https://fhir\\.example\\.org/r4$, 1 scope',
    );
  });
});
