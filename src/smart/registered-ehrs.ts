// The EHRs Chartside trusts: launch/registered-ehrs.json, validated when the app starts. An `iss` that matches
// no entry is refused before any request is made to it (a launch URL can name any server).
import { z } from '../shared/zod-mini.ts';
import registeredEhrsJson from '../../launch/registered-ehrs.json';
import type { ValidationResult } from '../shared/validation-result.ts';
import { RECORD_TYPES } from '../record/patient-record.ts';

/**
 * What a registration's `profile` decides on the SMART side: the scope syntax the check expects and the minimum
 * scopes. `smart` is any server that follows SMART App Launch 2.x: endpoints from its
 * `.well-known/smart-configuration`, v2 `.rs` scopes, PKCE S256 when advertised, no vendor quirks.
 */
export const EHR_PROFILE_NAMES = ['smart', 'sandbox', 'epic', 'oracle'] as const;

export type EhrProfileName = (typeof EHR_PROFILE_NAMES)[number];

export interface RegisteredEhr {
  readonly name: string;
  /** Anchored regular expression source that the launch's `iss` (FHIR base URL) must match in full. */
  readonly issPattern: string;
  readonly clientId: string;
  readonly profile: EhrProfileName;
  /** Scopes requested on every launch; `launch/patient` is added for a standalone launch. */
  readonly scopes: readonly string[];
}

/**
 * The resource types whose scope every registration must ask for (the record's table, src/record/patient-record.ts,
 * `scope: 'required'`): each needs patient-level read + search access. MedicationStatement is not among them: the loader searches it only when the server's CapabilityStatement
 * lists it and the scope was granted. Epic and Oracle Health expose medications as MedicationRequest only; the
 * sandbox serves both, so its registration must ask for it; a generic `smart` server may list it.
 */
export const REQUIRED_SCOPE_TYPES: readonly string[] = RECORD_TYPES.filter(
  (type) => type.scope === 'required',
).map((type) => type.resourceType);

/** Searched only when the CapabilityStatement lists it (see REQUIRED_SCOPE_TYPES). */
export const OPTIONAL_SCOPE_TYPES: readonly string[] = RECORD_TYPES.filter(
  (type) => type.scope === 'optional',
).map((type) => type.resourceType);

/**
 * `openid fhirUser`: the id_token names the signed-in clinician. `launch`: EHR launch context.
 * `online_access`: a refresh token that lives as long as the clinician's EHR session, so a long visit does
 * not end with a relaunch (Oracle Health access tokens last 570 s).
 */
export const REQUIRED_LAUNCH_SCOPES = ['openid', 'fhirUser', 'launch', 'online_access'] as const;

/** Non-resource scopes a registration may list. `offline_access` is not one: a browser app must not hold
 * a token that outlives the clinician's session. */
const ALLOWED_LAUNCH_SCOPES = new Set([
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'online_access',
]);

/** `patient/Observation.rs`, `user/*.read`, `patient/Observation.rs?category=laboratory` … */
const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(\?.+)?$/u;

/** Read-only v2 permissions (SMART App Launch 2.x §Scopes: c r u d s; Chartside only reads). */
const V2_READ_ONLY = new Set(['r', 's', 'rs']);

/** The scope that grants patient-level read + search on a type, in the profile's scope syntax. */
export function patientReadScope(profile: EhrProfileName, resourceType: string): string {
  // Oracle Health accepts SMART v1 scopes only (fhir.cerner.com, "Authorization": v2 scopes are rejected).
  return profile === 'oracle' ? `patient/${resourceType}.read` : `patient/${resourceType}.rs`;
}

export function requiredResourceTypes(profile: EhrProfileName): readonly string[] {
  // The sandbox stand-in lists MedicationStatement in its CapabilityStatement, so without the scope its
  // medication list would be incomplete.
  return profile === 'sandbox' ? [...REQUIRED_SCOPE_TYPES, ...OPTIONAL_SCOPE_TYPES] : REQUIRED_SCOPE_TYPES;
}

const registeredEhrSchema = z
  .strictObject({
    name: z.string().check(z.trim(), z.minLength(1, 'name is required')),
    issPattern: z.string().check(z.minLength(1, 'issPattern is required')),
    clientId: z
      .string()
      .check(z.minLength(1, 'clientId is required'), z.regex(/^\S+$/u, 'clientId must not contain spaces')),
    profile: z.enum(EHR_PROFILE_NAMES),
    scopes: z.array(z.string()).check(z.minLength(1, 'scopes must list the scopes Chartside requests')),
  })
  .check(
    z.superRefine((entry, ctx) => {
      for (const message of issPatternProblems(entry.issPattern)) {
        ctx.addIssue({ code: 'custom', path: ['issPattern'], message });
      }
      for (const message of scopeProblems(entry.profile, entry.scopes)) {
        ctx.addIssue({ code: 'custom', path: ['scopes'], message });
      }
    }),
  );

const registeredEhrsFileSchema = z
  .strictObject({
    registeredEhrs: z.array(registeredEhrSchema).check(z.minLength(1, 'at least one EHR must be registered')),
  })
  .check(
    z.superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.registeredEhrs.forEach((entry, index) => {
        if (seen.has(entry.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['registeredEhrs', index, 'name'],
            message: `duplicate name "${entry.name}"`,
          });
        }
        seen.add(entry.name);
      });
    }),
  );

/** Problems with an `issPattern`: it must compile and match the whole `iss`, not a part of it. */
export function issPatternProblems(source: string): string[] {
  const problems: string[] = [];
  try {
    new RegExp(source, 'u');
  } catch (error) {
    problems.push(`does not compile: ${error instanceof Error ? error.message : String(error)}`);
    return problems;
  }
  if (!source.startsWith('^') || !endsWithUnescapedDollar(source)) {
    problems.push(`must be anchored: start with ^ and end with $ (got ${source})`);
  } else if (hasTopLevelAlternation(source)) {
    // `^a|b$` anchors only the first and last branch: wrap alternatives in a group, `^(?:a|b)$`.
    problems.push(
      `has a top-level | that escapes the anchors; group the alternatives: ^(?:a|b)$ (got ${source})`,
    );
  }
  return problems;
}

function endsWithUnescapedDollar(source: string): boolean {
  if (!source.endsWith('$')) return false;
  let backslashes = 0;
  for (let index = source.length - 2; index >= 0 && source[index] === '\\'; index -= 1) backslashes += 1;
  return backslashes % 2 === 0;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (char === '\\') {
      index += 1;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
    } else if (char === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}

/** Problems with a registration's scopes: read-only, in the profile's syntax, and every minimum scope present. */
export function scopeProblems(profile: EhrProfileName, scopes: readonly string[]): string[] {
  const problems: string[] = [];
  for (const scope of scopes) {
    if (ALLOWED_LAUNCH_SCOPES.has(scope)) continue;
    if (scope === 'offline_access') {
      problems.push('offline_access is not allowed: a browser app uses online_access');
      continue;
    }
    const match = RESOURCE_SCOPE.exec(scope);
    if (!match) {
      problems.push(`"${scope}" is not a SMART scope Chartside uses`);
      continue;
    }
    const [, level, , permissions = ''] = match;
    if (level === 'system') {
      problems.push(
        `"${scope}" is a system scope; Chartside acts for a clinician (patient/ or user/ scopes)`,
      );
    } else if (profile === 'oracle') {
      if (permissions !== 'read') {
        problems.push(
          V2_READ_ONLY.has(permissions)
            ? `"${scope}" is a SMART v2 scope; Oracle Health accepts v1 scopes only (.read)`
            : `"${scope}" is not read-only; use .read`,
        );
      }
    } else if (!V2_READ_ONLY.has(permissions)) {
      problems.push(
        permissions === 'read'
          ? `"${scope}" is a SMART v1 scope; use the v2 form .rs for the ${profile} profile`
          : `"${scope}" is not read-only; use .rs`,
      );
    }
  }
  const missing = [
    ...REQUIRED_LAUNCH_SCOPES,
    ...requiredResourceTypes(profile).map((type) => patientReadScope(profile, type)),
  ].filter((required) => !scopes.includes(required) && !coveredByWildcard(profile, required, scopes));
  if (missing.length > 0) problems.push(`missing required scopes: ${missing.join(' ')}`);
  return problems;
}

function coveredByWildcard(profile: EhrProfileName, required: string, scopes: readonly string[]): boolean {
  return required.startsWith('patient/') && scopes.includes(patientReadScope(profile, '*'));
}

/**
 * Validates a registered-EHRs document, listing every problem. Each issue names the entry by index and name and
 * the field at fault, e.g. `registeredEhrs[1] "Epic production" scopes: "patient/Observation.read" is a SMART
 * v1 scope; use the v2 form .rs for the epic profile`, so that IT can find it in a file of many entries.
 */
export function parseRegisteredEhrs(raw: unknown): ValidationResult<readonly RegisteredEhr[]> {
  const result = registeredEhrsFileSchema.safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((issue) => `${describePath(raw, issue.path)}: ${issue.message}`),
    };
  }
  return { ok: true, value: result.data.registeredEhrs };
}

/** `registeredEhrs[1] "Epic production" scopes`, `registeredEhrs[0] name`, or `(file)`. */
function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  const [top, index, ...rest] = path;
  if (top === undefined) return '(file)';
  if (typeof index !== 'number') return formatPath(path);
  const name = entryName(raw, index);
  const entry = `${String(top)}[${index}]${name === undefined ? '' : ` ${JSON.stringify(name)}`}`;
  return rest.length === 0 ? entry : `${entry} ${formatPath(rest)}`;
}

function entryName(raw: unknown, index: number): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('registeredEhrs' in raw)) return undefined;
  const entries: unknown = raw.registeredEhrs;
  if (!Array.isArray(entries)) return undefined;
  const entry: unknown = entries[index];
  if (typeof entry !== 'object' || entry === null || !('name' in entry)) return undefined;
  return typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name : undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}${out ? '.' : ''}${String(key)}`),
    '',
  );
}

export class RegisteredEhrsConfigError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`launch/registered-ehrs.json is invalid:\n${issues.map((issue) => `- ${issue}`).join('\n')}`);
    this.name = 'RegisteredEhrsConfigError';
    this.issues = issues;
  }
}

/** The document shipped in launch/registered-ehrs.json, unparsed: the server checks it at start-up. */
export const SHIPPED_REGISTERED_EHRS_DOCUMENT: unknown = registeredEhrsJson;

let shippedRegistrations: readonly RegisteredEhr[] | undefined;

/** The registrations shipped in launch/registered-ehrs.json; throws RegisteredEhrsConfigError listing every problem. */
export function registeredEhrs(): readonly RegisteredEhr[] {
  if (shippedRegistrations) return shippedRegistrations;
  const result = parseRegisteredEhrs(registeredEhrsJson);
  if (!result.ok) throw new RegisteredEhrsConfigError(result.issues);
  shippedRegistrations = result.value;
  return shippedRegistrations;
}

/**
 * The first registration whose pattern matches the whole `iss`, or undefined for an EHR Chartside does not
 * trust. `https://ehr.example.org/fhir/` and `https://ehr.example.org/fhir` are the same iss: EHRs and
 * discovery documents differ on the trailing slash (and fhirclient strips it from the server URL), so one
 * trailing slash is neither required nor refused, whichever way the pattern was written.
 */
export function matchRegisteredEhr(
  iss: string,
  registrations: readonly RegisteredEhr[] = registeredEhrs(),
): RegisteredEhr | undefined {
  if (iss === '' || iss === '/') return undefined;
  const withoutSlash = iss.endsWith('/') ? iss.slice(0, -1) : iss;
  const forms = [withoutSlash, `${withoutSlash}/`];
  return registrations.find((registration) => {
    const pattern = new RegExp(registration.issPattern, 'u');
    return forms.some((form) => pattern.test(form));
  });
}

/**
 * Host forms of this machine in an `issPattern` source: `localhost`, `127.0.0.1` (escaped or not), `[::1]`.
 * A registration that names one can only be an EHR on the clinician's or the server's own machine — the
 * sandbox stand-ins — never a hospital's EHR.
 */
const LOOPBACK_IN_PATTERN = /localhost|127(?:\\?\.\d{1,3}){3}|::1/iu;

/**
 * A registration only the sandbox may trust: the `sandbox` profile, or an `issPattern` on a loopback host (the
 * Epic-like and Oracle-Health-like stand-ins are registered that way too). A production server refuses them.
 */
export function isSandboxRegistration(registration: RegisteredEhr): boolean {
  return registration.profile === 'sandbox' || LOOPBACK_IN_PATTERN.test(registration.issPattern);
}

/** `localhost`, `127.0.0.0/8`, `::1` (URL.hostname keeps IPv6 brackets). */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/u.test(hostname) ||
    hostname === '[::1]' ||
    hostname === '::1'
  );
}

/**
 * The registrations a page served from `pageHostname` trusts. The sandbox's (isSandboxRegistration) only when
 * Chartside itself runs on this computer, as the sandbox always does (its stand-in is mounted on Chartside's
 * own origin); a deployed Chartside never launches against whatever listens on the clinician's loopback.
 */
export function registrationsTrustedFrom(
  pageHostname: string,
  registrations: readonly RegisteredEhr[] = registeredEhrs(),
): readonly RegisteredEhr[] {
  if (isLoopbackHostname(pageHostname)) return registrations;
  return registrations.filter((registration) => !isSandboxRegistration(registration));
}
