import { describe, expect, it } from 'vitest';
import { buildAuthorizeParams } from './authorize-params.ts';
import { registeredEhrs, type RegisteredEhr } from './registered-ehrs.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

function registration(profile: RegisteredEhr['profile']): RegisteredEhr {
  const found = registeredEhrs().find((candidate) => candidate.profile === profile);
  if (!found) throw new Error(`no ${profile} registration`);
  return found;
}

const ISS = 'http://127.0.0.1:5999/ehr/epic/api/FHIR/R4';
const input = {
  iss: ISS,
  launch: 'opaque-launch-handle',
  redirectUri: 'http://127.0.0.1:5999/',
  inFrame: false,
  stateKey: crypto.randomUUID(),
};

describe('buildAuthorizeParams', () => {
  it('builds an EHR launch with the registration and PKCE when the server advertises it', () => {
    const epic = registration('epic');
    const params = buildAuthorizeParams(epic, input);
    expect(params).toEqual({
      iss: ISS,
      launch: 'opaque-launch-handle',
      clientId: epic.clientId,
      scope: epic.scopes.join(' '),
      redirectUri: 'http://127.0.0.1:5999/',
      pkceMode: 'ifSupported',
      stateKey: input.stateKey,
      completeInTarget: false,
    });
    expect(params.scope?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'fhirUser', 'launch', 'online_access']),
    );
    expect(params.scope?.split(' ')).not.toContain('launch/patient');
  });

  it('passes a random UUID as the OAuth state (122 random bits)', () => {
    const stateKey = crypto.randomUUID();
    expect(stateKey).toMatch(UUID);
    expect(buildAuthorizeParams(registration('sandbox'), { ...input, stateKey }).stateKey).toBe(stateKey);
  });

  it('completes the handshake inside the frame when embedded in the EHR', () => {
    expect(buildAuthorizeParams(registration('epic'), { ...input, inFrame: true }).completeInTarget).toBe(
      true,
    );
    expect(buildAuthorizeParams(registration('epic'), { ...input, inFrame: false }).completeInTarget).toBe(
      false,
    );
  });

  it('asks for a patient picker instead of EHR context on a standalone launch', () => {
    const params = buildAuthorizeParams(registration('sandbox'), { ...input, launch: undefined });
    const scopes = params.scope?.split(' ') ?? [];
    expect(params).not.toHaveProperty('launch');
    expect(scopes).toContain('launch/patient');
    expect(scopes).not.toContain('launch');
    expect(scopes.filter((scope) => scope === 'launch/patient')).toHaveLength(1);
  });

  it('builds the generic smart profile as a plain standards-following server: v2 scopes, PKCE if advertised', () => {
    const sandbox = registration('sandbox');
    const smart: RegisteredEhr = { ...sandbox, profile: 'smart' };
    expect(buildAuthorizeParams(smart, input)).toEqual(buildAuthorizeParams(sandbox, input));
    expect(buildAuthorizeParams(smart, input).pkceMode).toBe('ifSupported');
  });

  it.each([
    ['sandbox', /^patient\/\w+\.rs$/u],
    ['epic', /^patient\/\w+\.rs$/u],
    ['oracle', /^patient\/\w+\.read$/u],
  ] as const)('requests %s resource scopes in its syntax', (profile, syntax) => {
    const scopes = buildAuthorizeParams(registration(profile), input).scope?.split(' ') ?? [];
    const resourceScopes = scopes.filter((scope) => scope.startsWith('patient/'));
    expect(resourceScopes.length).toBeGreaterThanOrEqual(14);
    for (const scope of resourceScopes) expect(scope).toMatch(syntax);
  });
});
