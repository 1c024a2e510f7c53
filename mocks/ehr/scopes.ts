// SMART scope handling on the stand-in's side: what a profile grants, and what a granted scope allows.
// SMART App Launch 2.x §Scopes: v1 `patient/Observation.read`, v2 `patient/Observation.rs` (+ `?category=` filters).
import type { EhrProfile } from './profiles.ts';

export type ResourceAccess = 'read' | 'search';

interface ParsedScope {
  readonly level: 'patient' | 'user' | 'system';
  readonly resourceType: string;
  /** v2 letters (cruds) or, for v1, `read` → `rs` and `write` → `cud`, `*` → `cruds`. */
  readonly permissions: string;
  readonly version: 'v1' | 'v2';
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(\?.*)?$/;

export function parseResourceScope(scope: string): ParsedScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, level, resourceType, action] = match;
  if (!level || !resourceType || !action) return undefined;
  const v1 = { read: 'rs', write: 'cud', '*': 'cruds' }[action];
  if (v1) return { level: level as ParsedScope['level'], resourceType, permissions: v1, version: 'v1' };
  if (/^c?r?u?d?s?$/.test(action))
    return { level: level as ParsedScope['level'], resourceType, permissions: action, version: 'v2' };
  return undefined;
}

/**
 * The scopes the profile's server grants out of those requested: resource scopes in the syntax it supports
 * (Oracle Health: v1 only; Epic and the sandbox: v2, and v1 for older apps), plus the launch/OpenID scopes.
 * Write access is never granted: Chartside only reads.
 */
export function grantScopes(profile: EhrProfile, requested: readonly string[]): string[] {
  return requested.filter((scope) => {
    if (
      [
        'openid',
        'fhirUser',
        'profile',
        'launch',
        'launch/patient',
        'launch/encounter',
        'offline_access',
        'online_access',
      ].includes(scope)
    ) {
      return true;
    }
    const parsed = parseResourceScope(scope);
    if (!parsed || parsed.level === 'system') return false;
    if (/[cud]/.test(parsed.permissions)) return false;
    return profile.scopeVersion === 'v2' || parsed.version === 'v1';
  });
}

/** Whether these granted scopes let the app read or search this resource type. */
export function allowsAccess(
  scopes: readonly string[],
  resourceType: string,
  access: ResourceAccess,
): boolean {
  const letter = access === 'read' ? 'r' : 's';
  return scopes.some((scope) => {
    const parsed = parseResourceScope(scope);
    return (
      parsed !== undefined &&
      (parsed.resourceType === '*' || parsed.resourceType === resourceType) &&
      parsed.permissions.includes(letter)
    );
  });
}
