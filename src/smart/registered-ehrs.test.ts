import { describe, expect, it } from 'vitest';
import {
  isLoopbackHostname,
  issPatternProblems,
  matchRegisteredEhr,
  parseRegisteredEhrs,
  patientReadScope,
  REQUIRED_SCOPE_TYPES,
  registeredEhrs,
  registrationsTrustedFrom,
  SHIPPED_REGISTERED_EHRS_DOCUMENT,
  REQUIRED_LAUNCH_SCOPES,
  requiredResourceTypes,
  scopeProblems,
  type EhrProfileName,
  type RegisteredEhr,
} from './registered-ehrs.ts';

const ORACLE_TENANT = '3f5d1c2a-7b8e-4c91-a0d6-5e2f9b1c8a47';

function minimumScopes(profile: EhrProfileName): string[] {
  return [
    ...REQUIRED_LAUNCH_SCOPES,
    ...requiredResourceTypes(profile).map((type) => patientReadScope(profile, type)),
  ];
}

function entry(overrides: Partial<Record<keyof RegisteredEhr, unknown>> = {}): Record<string, unknown> {
  return {
    name: 'Test EHR',
    issPattern: '^https://fhir\\.example\\.org/api/FHIR/R4$',
    clientId: 'abc-123',
    profile: 'epic',
    scopes: minimumScopes('epic'),
    ...overrides,
  };
}

describe('the shipped launch/registered-ehrs.json', () => {
  // Behaviour, not the list: any entry may be added to the file as long as it passes the same check.
  it('is valid, and so is every entry in it on its own', () => {
    expect(() => registeredEhrs()).not.toThrow();
    expect(parseRegisteredEhrs(SHIPPED_REGISTERED_EHRS_DOCUMENT)).toEqual({
      ok: true,
      value: registeredEhrs(),
    });
    for (const registration of registeredEhrs()) {
      expect(parseRegisteredEhrs({ registeredEhrs: [registration] })).toMatchObject({ ok: true });
    }
  });

  it('still matches the stand-in with an extra entry planted after the shipped ones', () => {
    const planted = entry({
      name: 'Planted generic SMART server',
      profile: 'smart',
      scopes: minimumScopes('smart'),
    });
    const withPlanted = parseRegisteredEhrs({ registeredEhrs: [...registeredEhrs(), planted] });
    expect(withPlanted.ok).toBe(true);
    if (!withPlanted.ok) return;
    for (const iss of [
      'http://127.0.0.1:5999/ehr/sandbox/fhir',
      'http://127.0.0.1:5999/ehr/epic/api/FHIR/R4',
    ]) {
      expect(matchRegisteredEhr(iss, withPlanted.value)).toEqual(matchRegisteredEhr(iss));
    }
    expect(matchRegisteredEhr('https://fhir.example.org/api/FHIR/R4', withPlanted.value)?.name).toBe(
      'Planted generic SMART server',
    );
  });

  it.each([
    ['http://127.0.0.1:5999/ehr/sandbox/fhir', 'sandbox'],
    ['http://127.0.0.1:5173/ehr/sandbox/fhir', 'sandbox'],
    ['http://localhost:8080/ehr/sandbox/fhir', 'sandbox'],
    ['http://localhost/ehr/sandbox/fhir', 'sandbox'],
    ['http://127.0.0.1:5999/ehr/epic/api/FHIR/R4', 'epic'],
    ['http://localhost:65535/ehr/epic/api/FHIR/R4', 'epic'],
    [`http://127.0.0.1:5999/ehr/oracle/r4/${ORACLE_TENANT}`, 'oracle'],
    [`http://localhost:3000/ehr/oracle/r4/${ORACLE_TENANT}`, 'oracle'],
  ])('matches %s to the %s profile', (iss, profile) => {
    expect(matchRegisteredEhr(iss)?.profile).toBe(profile);
  });

  it.each([
    ['another host', 'http://evil.example:5999/ehr/sandbox/fhir'],
    ['a host that only starts like localhost', 'http://localhost.evil.example:5999/ehr/sandbox/fhir'],
    ['a host that only starts like 127.0.0.1', 'http://127.0.0.1.evil.example/ehr/sandbox/fhir'],
    ['a port that is not a number', 'http://127.0.0.1:abc/ehr/sandbox/fhir'],
    ['a port with six digits', 'http://127.0.0.1:123456/ehr/sandbox/fhir'],
    ['https instead of the registered http', 'https://127.0.0.1:5999/ehr/sandbox/fhir'],
    ['a longer path', 'http://127.0.0.1:5999/ehr/sandbox/fhir/extra'],
    ['a prefix before the URL', 'xhttp://127.0.0.1:5999/ehr/sandbox/fhir'],
    ['a trailing query', 'http://127.0.0.1:5999/ehr/sandbox/fhir?x=1'],
    ['an Oracle base without a tenant', 'http://127.0.0.1:5999/ehr/oracle/r4/'],
    ['an Oracle base with a tenant that is not a UUID', 'http://127.0.0.1:5999/ehr/oracle/r4/tenant'],
    ['the Epic base with another case', 'http://127.0.0.1:5999/ehr/epic/api/fhir/r4'],
    ['an empty iss', ''],
  ])('matches nothing for %s', (_label, iss) => {
    expect(matchRegisteredEhr(iss)).toBeUndefined();
  });

  it('asks v2 profiles for .rs scopes and Oracle Health for v1 .read scopes, never for write access', () => {
    for (const registration of registeredEhrs()) {
      const suffix = registration.profile === 'oracle' ? 'read' : 'rs';
      for (const type of requiredResourceTypes(registration.profile)) {
        expect(registration.scopes).toContain(`patient/${type}.${suffix}`);
      }
      expect(registration.scopes).toEqual(expect.arrayContaining([...REQUIRED_LAUNCH_SCOPES]));
      expect(registration.scopes.some((scope) => /\.(write|\*|c|u|d)|offline_access/u.test(scope))).toBe(
        false,
      );
    }
  });
});

describe('matchRegisteredEhr', () => {
  const registrations: RegisteredEhr[] = [
    {
      name: 'No slash',
      issPattern: '^https://ehr\\.example\\.org/fhir$',
      clientId: 'a',
      profile: 'smart',
      scopes: minimumScopes('smart'),
    },
    {
      name: 'Slash',
      issPattern: '^https://other\\.example\\.org/fhir/$',
      clientId: 'b',
      profile: 'smart',
      scopes: minimumScopes('smart'),
    },
  ];

  it.each([
    ['https://ehr.example.org/fhir', 'No slash'],
    ['https://ehr.example.org/fhir/', 'No slash'],
    ['https://other.example.org/fhir/', 'Slash'],
    ['https://other.example.org/fhir', 'Slash'],
  ])('treats a trailing slash as the same iss: %s matches %s', (iss, name) => {
    expect(matchRegisteredEhr(iss, registrations)?.name).toBe(name);
  });

  it.each([
    ['two trailing slashes', 'https://ehr.example.org/fhir//'],
    ['a longer path', 'https://ehr.example.org/fhir/x'],
    ['a bare slash', '/'],
  ])('matches nothing for %s', (_label, iss) => {
    expect(matchRegisteredEhr(iss, registrations)).toBeUndefined();
  });
});

describe('parseRegisteredEhrs', () => {
  it('accepts a valid registration', () => {
    const result = parseRegisteredEhrs({ registeredEhrs: [entry()] });
    expect(result).toEqual({ ok: true, value: [entry()] });
  });

  it('accepts the generic smart profile with v2 scopes, and names the entry and field of a v1 scope', () => {
    const smart = entry({ name: 'Any SMART 2.x server', profile: 'smart', scopes: minimumScopes('smart') });
    expect(parseRegisteredEhrs({ registeredEhrs: [smart] })).toEqual({ ok: true, value: [smart] });
    const withOptional = { ...smart, scopes: [...minimumScopes('smart'), 'patient/MedicationStatement.rs'] };
    expect(parseRegisteredEhrs({ registeredEhrs: [withOptional] }).ok).toBe(true);
    const v1 = entry({
      name: 'Epic production',
      scopes: [
        ...minimumScopes('epic').filter((scope) => scope !== 'patient/Observation.rs'),
        'patient/Observation.read',
      ],
    });
    expect(parseRegisteredEhrs({ registeredEhrs: [smart, v1] })).toEqual({
      ok: false,
      issues: [
        'registeredEhrs[1] "Epic production" scopes: "patient/Observation.read" is a SMART v1 scope; use the v2 form .rs for the epic profile',
        'registeredEhrs[1] "Epic production" scopes: missing required scopes: patient/Observation.rs',
      ],
    });
  });

  it('lists every problem at once, with where it is', () => {
    const result = parseRegisteredEhrs({
      registeredEhrs: [
        entry({ name: '', issPattern: 'https://fhir.example.org', clientId: 'has space' }),
        entry({ profile: 'cerner', scopes: 'openid' }),
        entry({ issPattern: '^https://(unclosed$' }),
        { name: 'Typo', issPattern: '^https://a$', clientId: 'x', profile: 'epic', scope: [] },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^registeredEhrs\[0\] name: name is required/u),
        expect.stringMatching(/^registeredEhrs\[0\] clientId: clientId must not contain spaces/u),
        expect.stringMatching(/^registeredEhrs\[1\] "Test EHR" profile: /u),
        expect.stringMatching(/^registeredEhrs\[1\] "Test EHR" scopes: /u),
        expect.stringMatching(/^registeredEhrs\[3\] "Typo" scopes: /u),
        expect.stringMatching(/^registeredEhrs\[3\] "Typo": .*scope/u),
      ]),
    );
    // Refinements run only on entries whose shape is right, so problems 0 and 2 are caught by a second pass.
    expect(result.issues.length).toBeGreaterThanOrEqual(6);
  });

  it('lists pattern and scope problems of every entry together', () => {
    const result = parseRegisteredEhrs({
      registeredEhrs: [
        entry({ issPattern: 'https://fhir\\.example\\.org' }),
        entry({ name: 'Second', issPattern: '^https://(unclosed$', profile: 'oracle' }),
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [first, second, ...scopeIssues] = result.issues;
    expect(first).toMatch(/^registeredEhrs\[0\] "Test EHR" issPattern: must be anchored/u);
    expect(second).toMatch(/^registeredEhrs\[1\] "Second" issPattern: does not compile/u);
    // One per v2 scope (every resource type), then the v1 scopes that are missing.
    expect(scopeIssues).toHaveLength(REQUIRED_SCOPE_TYPES.length + 1);
    expect(scopeIssues[0]).toMatch(
      /^registeredEhrs\[1\] "Second" scopes: "patient\/Patient\.rs" is a SMART v2 scope; Oracle Health accepts v1 scopes only/u,
    );
    expect(scopeIssues.at(-1)).toMatch(
      /^registeredEhrs\[1\] "Second" scopes: missing required scopes: patient\/Patient\.read /u,
    );
  });

  it('rejects duplicate names, an empty list and a document of the wrong shape', () => {
    expect(parseRegisteredEhrs({ registeredEhrs: [entry(), entry()] })).toEqual({
      ok: false,
      issues: ['registeredEhrs[1] "Test EHR" name: duplicate name "Test EHR"'],
    });
    expect(parseRegisteredEhrs({ registeredEhrs: [] })).toMatchObject({
      ok: false,
      issues: [expect.stringContaining('at least one')],
    });
    expect(parseRegisteredEhrs([])).toMatchObject({
      ok: false,
      issues: [expect.stringMatching(/^\(file\): /u)],
    });
  });
});

describe('issPatternProblems', () => {
  it.each([
    ['^https://fhir\\.example\\.org/R4$'],
    ['^https://(?:a|b)\\.example\\.org/R4$'],
    ['^https://x\\.example\\.org/[a|b]$'],
    ['^https://x\\.example\\.org/\\|$'],
  ])('accepts %s', (source) => {
    expect(issPatternProblems(source)).toEqual([]);
  });

  it.each([
    ['no ^', 'https://fhir\\.example\\.org$', /must be anchored/u],
    ['no $', '^https://fhir\\.example\\.org', /must be anchored/u],
    ['an escaped $ at the end', '^https://fhir\\.example\\.org\\$', /must be anchored/u],
    ['a top-level alternation', '^https://a\\.org|https://b\\.org$', /top-level \|/u],
    ['a pattern that does not compile', '^https://(a$', /does not compile/u],
  ])('rejects %s', (_label, source, problem) => {
    expect(issPatternProblems(source)).toEqual([expect.stringMatching(problem)]);
  });
});

describe('scopeProblems', () => {
  it.each(['smart', 'sandbox', 'epic', 'oracle'] as const)(
    'accepts the minimum scopes of the %s profile',
    (profile) => {
      expect(scopeProblems(profile, minimumScopes(profile))).toEqual([]);
    },
  );

  it('needs MedicationStatement only for the sandbox', () => {
    expect(scopeProblems('epic', minimumScopes('epic'))).toEqual([]);
    expect(scopeProblems('smart', minimumScopes('epic'))).toEqual([]);
    expect(scopeProblems('sandbox', minimumScopes('epic'))).toEqual([
      'missing required scopes: patient/MedicationStatement.rs',
    ]);
  });

  it('accepts a patient wildcard for the resource types', () => {
    expect(scopeProblems('epic', [...REQUIRED_LAUNCH_SCOPES, 'patient/*.rs'])).toEqual([]);
    expect(scopeProblems('oracle', [...REQUIRED_LAUNCH_SCOPES, 'patient/*.read'])).toEqual([]);
  });

  it.each([
    ['epic', 'patient/Observation.read', /SMART v1 scope; use the v2 form \.rs/u],
    ['smart', 'patient/Observation.read', /SMART v1 scope; use the v2 form \.rs for the smart profile/u],
    ['smart', 'user/Observation.cruds', /not read-only/u],
    ['oracle', 'patient/Observation.rs', /SMART v2 scope; Oracle Health accepts v1 scopes only/u],
    ['epic', 'patient/Observation.cruds', /not read-only/u],
    ['epic', 'patient/Observation.u', /not read-only/u],
    ['oracle', 'patient/Observation.write', /not read-only/u],
    ['oracle', 'patient/Observation.*', /not read-only/u],
    ['sandbox', 'system/Observation.rs', /system scope/u],
    ['sandbox', 'offline_access', /offline_access is not allowed/u],
    ['sandbox', 'launch/everything', /not a SMART scope/u],
  ] as const)('%s: rejects %s', (profile, scope, problem) => {
    expect(scopeProblems(profile, [...minimumScopes(profile), scope])).toEqual([
      expect.stringMatching(problem),
    ]);
  });

  it('names every missing minimum scope', () => {
    expect(scopeProblems('epic', ['openid', 'patient/Patient.rs'])).toEqual([
      `missing required scopes: fhirUser launch online_access ${REQUIRED_SCOPE_TYPES.slice(1)
        .map((type) => `patient/${type}.rs`)
        .join(' ')}`,
    ]);
  });
});

describe('registrationsTrustedFrom', () => {
  const hospital: RegisteredEhr = {
    name: 'Hospital Epic',
    issPattern: '^https://fhir\\.hospital\\.example/api/FHIR/R4$',
    clientId: 'chartside-prod',
    profile: 'epic',
    scopes: ['openid'],
  };
  const all = [...registeredEhrs(), hospital];

  it.each(['127.0.0.1', 'localhost', '[::1]', '127.1.2.3'])(
    'a page on %s trusts every registration',
    (hostname) => {
      expect(isLoopbackHostname(hostname)).toBe(true);
      expect(registrationsTrustedFrom(hostname, all)).toEqual(all);
    },
  );

  it.each(['chartside.hospital.example', '10.0.0.5', 'localhost.evil.example', ''])(
    'a page on %s trusts no sandbox registration',
    (hostname) => {
      expect(isLoopbackHostname(hostname)).toBe(false);
      expect(registrationsTrustedFrom(hostname, all)).toEqual([hospital]);
    },
  );
});
