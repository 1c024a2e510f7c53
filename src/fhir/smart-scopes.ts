// Which FHIR reads and searches the granted SMART scopes allow (SMART App Launch 2.2 §Scopes and Launch Context).
// v1 scopes name an action (`patient/Observation.read`, `.write`, `.*`); v2 scopes name permissions in the
// order c r u d s (`patient/Observation.rs`) and may narrow a grant with search parameters
// (`patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory`).
// Oracle Health grants v1 only; Epic and SMART 2.x servers grant v2. `patient/` and `user/` scopes both let
// the app read the patient in context; `system/` scopes belong to backend services and are ignored here.

export type ScopeLevel = 'patient' | 'user';
export type ScopePermission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ResourceScope {
  readonly level: ScopeLevel;
  /** A resource type, or `*` for every type. */
  readonly resourceType: string;
  readonly permissions: ReadonlySet<ScopePermission>;
  /** v2 search-parameter restriction, e.g. `category` → `…|laboratory`; empty when unrestricted. */
  readonly restrictions: ReadonlyMap<string, string>;
}

export type FhirInteraction = 'read' | 'search';

/** A request the loader wants to make, as far as scopes are concerned. */
export interface ScopedRequest {
  readonly resourceType: string;
  readonly interaction: FhirInteraction;
  /** Search parameters that a v2 restricted scope must match (e.g. `{ category: 'laboratory' }`). */
  readonly params?: Readonly<Record<string, string>>;
}

const RESOURCE_SCOPE = /^(patient|user)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(?:\?(.*))?$/;
const V1_ACTIONS: Readonly<Record<string, string>> = { read: 'rs', write: 'cud', '*': 'cruds' };
const V2_PERMISSIONS = /^c?r?u?d?s?$/;

/** One scope string parsed, or undefined for launch/OpenID scopes, `system/` scopes and malformed ones. */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope.trim());
  if (!match) return undefined;
  const [, level, resourceType, action, query] = match;
  if ((level !== 'patient' && level !== 'user') || resourceType === undefined || action === undefined)
    return undefined;
  const v1 = V1_ACTIONS[action];
  // v1 scopes carry no query; a v2 scope's letters must be non-empty and in c-r-u-d-s order.
  if (v1 === undefined && (action.length === 0 || !V2_PERMISSIONS.test(action))) return undefined;
  if (v1 !== undefined && query !== undefined) return undefined;
  const letters = v1 ?? action;
  const permissions = new Set<ScopePermission>();
  for (const letter of letters) if (isScopePermission(letter)) permissions.add(letter);
  const restrictions = new Map<string, string>();
  if (query) for (const [key, value] of new URLSearchParams(query)) restrictions.set(key, value);
  return { level, resourceType, permissions, restrictions };
}

/** Every resource scope in a grant; accepts the token response's space-separated `scope` string or a list. */
export function parseGrantedScopes(granted: string | readonly string[]): ResourceScope[] {
  const scopes =
    typeof granted === 'string' ? granted.split(/\s+/) : granted.flatMap((scope) => scope.split(/\s+/));
  return scopes.map(parseResourceScope).filter((scope): scope is ResourceScope => scope !== undefined);
}

/** Whether some granted scope allows this read or search (a restricted v2 scope only when its parameters match). */
export function isRequestGranted(scopes: readonly ResourceScope[], request: ScopedRequest): boolean {
  const letter: ScopePermission = request.interaction === 'read' ? 'r' : 's';
  return scopes.some(
    (scope) =>
      (scope.resourceType === '*' || scope.resourceType === request.resourceType) &&
      scope.permissions.has(letter) &&
      restrictionsMatch(scope.restrictions, request.params ?? {}),
  );
}

/**
 * A restricted scope grants a search only if the search asks for the same values: a token restriction
 * `system|code` is met by `code` or by `system|code` (the loader searches by code alone).
 */
function restrictionsMatch(
  restrictions: ReadonlyMap<string, string>,
  params: Readonly<Record<string, string>>,
): boolean {
  for (const [key, allowed] of restrictions) {
    const requested = params[key];
    if (requested === undefined) return false;
    const allowedValues = allowed.split(',');
    const requestedValues = requested.split(',');
    if (!requestedValues.every((value) => allowedValues.some((candidate) => tokenMatches(candidate, value))))
      return false;
  }
  return true;
}

function tokenMatches(allowed: string, requested: string): boolean {
  if (allowed === requested) return true;
  const allowedCode = allowed.includes('|') ? allowed.slice(allowed.lastIndexOf('|') + 1) : allowed;
  return !requested.includes('|') && allowedCode === requested;
}

function isScopePermission(letter: string): letter is ScopePermission {
  return letter === 'c' || letter === 'r' || letter === 'u' || letter === 'd' || letter === 's';
}
