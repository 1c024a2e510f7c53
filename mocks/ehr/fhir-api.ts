// The FHIR R4 side of the EHR stand-in: discovery and metadata (open), then reads and searches over the record of the
// patient in the access token's context, behind the fault switches, the bearer-token check and the granted scopes.
import { OperationOutcomeError } from '@medplum/core';
import { buildCapabilityStatement } from './capability-statement.ts';
import { smartConfiguration } from './discovery.ts';
import type { FhirFault } from './faults.ts';
import { findResourceSpec, isStoredResource, type ResourceSpec } from './fhir-resources.ts';
import { searchResources } from './fhir-search.ts';
import type { EhrProfile } from './profiles.ts';
import { fhirError, fhirJson, type IssueCode } from './responses.ts';
import { allowsAccess, type ResourceAccess } from './scopes.ts';
import type { StandInContext } from './stand-in-context.ts';
import type { Grant } from './token-store.ts';

/** Discovery and metadata are fetched cross-origin by browser apps before any token exists. */
const OPEN_CORS_HEADERS = { 'access-control-allow-origin': '*' };

const FAULT_ISSUE_CODES: Record<Extract<FhirFault, { status: number }>['status'], IssueCode> = {
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  429: 'throttled',
  500: 'exception',
  503: 'transient',
};

type Interaction =
  | { readonly kind: 'read'; readonly id: string }
  | { readonly kind: 'search'; readonly viaPost: boolean }
  | { readonly kind: 'error'; readonly response: Response };

export async function handleFhirRequest(
  request: Request,
  url: URL,
  profile: EhrProfile,
  rest: string,
  context: StandInContext,
): Promise<Response> {
  const fhirBase = `${url.origin}${profile.fhirBasePath}`;
  const segments = pathSegments(rest);
  if (segments === undefined) return fhirError(400, 'invalid', `Malformed path: ${rest}`);

  if (segments.join('/') === '.well-known/smart-configuration') {
    if (request.method !== 'GET') return methodNotAllowed(request.method, 'GET');
    return new Response(JSON.stringify(smartConfiguration(profile, url.origin)), {
      headers: { 'content-type': 'application/json', ...OPEN_CORS_HEADERS },
    });
  }
  if (segments.join('/') === 'metadata') {
    if (request.method !== 'GET') return methodNotAllowed(request.method, 'GET');
    return fhirJson(buildCapabilityStatement(profile, url.origin), 200, OPEN_CORS_HEADERS);
  }

  const [resourceType, ...instancePath] = segments;
  const fault = context.faults.takeFhirFault(resourceType);
  if (fault) {
    if ('status' in fault) return faultResponse(fault, fhirBase);
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  }

  const auth = authenticate(request, profile, context, fhirBase);
  if (!auth.ok) return auth.response;
  const { grant } = auth;

  if (resourceType === undefined) {
    return request.method === 'GET'
      ? fhirError(404, 'not-supported', 'Whole-system search is not supported; search a resource type.')
      : methodNotAllowed(request.method, 'GET');
  }
  const spec = findResourceSpec(profile, resourceType);
  if (!spec) {
    return fhirError(404, 'not-supported', `Resource type ${resourceType} is not supported by this server.`);
  }

  const interaction = classifyInteraction(request.method, spec, instancePath);
  if (interaction.kind === 'error') return interaction.response;

  const access: ResourceAccess = interaction.kind === 'read' ? 'read' : 'search';
  if (!allowsAccess(grant.scopes, spec.type, access)) return scopeDenied(profile, spec.type, access);

  if (interaction.kind === 'read' && spec.compartment === 'self' && interaction.id !== grant.patient) {
    return fhirError(
      403,
      'forbidden',
      `Patient/${interaction.id} is not the patient in context; only that record may be read.`,
    );
  }

  const repository = await context.patients.repository(grant.patient);
  if (!repository) {
    return fhirError(
      404,
      'not-found',
      `The patient in context (Patient/${grant.patient}) is not in this EHR.`,
    );
  }

  if (interaction.kind === 'read') {
    try {
      const resource: unknown = await repository.readResource(spec.type, interaction.id);
      if (isStoredResource(resource)) return fhirJson(resource);
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
    }
    return fhirError(404, 'not-found', `Resource ${spec.type}/${interaction.id} is not known`);
  }

  const params = new URLSearchParams(url.search);
  if (interaction.viaPost) {
    const body = await formBody(request);
    if (body === undefined) {
      return fhirError(415, 'not-supported', 'POST _search takes an application/x-www-form-urlencoded body.');
    }
    for (const [key, value] of body) params.append(key, value);
  }
  return searchResources({
    profile,
    spec,
    params,
    patientId: grant.patient,
    repository,
    fhirBase,
    strict: /\bhandling\s*=\s*strict\b/.test(request.headers.get('prefer') ?? ''),
    nowMs: context.nowMs(),
  });
}

/** Path segments after the FHIR base, percent-decoded; undefined when the encoding is malformed. */
function pathSegments(rest: string): string[] | undefined {
  try {
    return rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function classifyInteraction(
  method: string,
  spec: ResourceSpec,
  instancePath: readonly string[],
): Interaction {
  const [id, ...more] = instancePath;
  if (id === undefined) {
    return method === 'GET'
      ? { kind: 'search', viaPost: false }
      : { kind: 'error', response: methodNotAllowed(method, 'GET') };
  }
  if (id === '_search' && more.length === 0) {
    return method === 'POST'
      ? { kind: 'search', viaPost: true }
      : { kind: 'error', response: methodNotAllowed(method, 'POST') };
  }
  if (more.length > 0) {
    return {
      kind: 'error',
      response: fhirError(
        404,
        'not-supported',
        `${spec.type}/${instancePath.join('/')}: only read and search are supported.`,
      ),
    };
  }
  if (method !== 'GET') return { kind: 'error', response: methodNotAllowed(method, 'GET') };
  // FHIR R4 id: [A-Za-z0-9\-\.]{1,64}
  if (!/^[A-Za-z0-9.-]{1,64}$/.test(id)) {
    return {
      kind: 'error',
      response: fhirError(404, 'not-found', `Resource ${spec.type}/${id} is not known`),
    };
  }
  return { kind: 'read', id };
}

function methodNotAllowed(method: string, allow: string): Response {
  return fhirError(405, 'not-supported', `${method} is not supported here; this server only reads.`, {
    allow,
  });
}

async function formBody(request: Request): Promise<URLSearchParams | undefined> {
  const text = await request.text();
  if (text === '') return new URLSearchParams();
  const contentType = request.headers.get('content-type') ?? '';
  return contentType.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(text) : undefined;
}

function faultResponse(fault: Extract<FhirFault, { status: number }>, fhirBase: string): Response {
  const headers: Record<string, string> = {};
  if (fault.status === 401) {
    headers['www-authenticate'] = bearerChallenge(fhirBase, 'invalid_token', 'The access token expired');
  }
  if ((fault.status === 429 || fault.status === 503) && fault.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(fault.retryAfterSeconds);
  }
  return fhirError(
    fault.status,
    FAULT_ISSUE_CODES[fault.status],
    `Simulated fault: HTTP ${fault.status}`,
    headers,
  );
}

type AuthResult =
  { readonly ok: true; readonly grant: Grant } | { readonly ok: false; readonly response: Response };

/** RFC 6750: a bearer token that resolves to a live grant issued by this profile's authorization server. */
function authenticate(
  request: Request,
  profile: EhrProfile,
  context: StandInContext,
  fhirBase: string,
): AuthResult {
  const header = request.headers.get('authorization');
  const token = header === null ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (token === undefined) {
    // RFC 6750 §3.1: a request without credentials gets a challenge with no error code.
    return {
      ok: false,
      response: fhirError(401, 'login', 'An access token is required (Authorization: Bearer <token>).', {
        'www-authenticate': `Bearer realm="${fhirBase}"`,
      }),
    };
  }
  const issued = context.tokens.lookupAccessToken(token, context.nowMs());
  if (!issued) {
    const text = 'The access token is unknown or expired';
    return {
      ok: false,
      response: fhirError(401, 'login', `${text}.`, {
        'www-authenticate': bearerChallenge(fhirBase, 'invalid_token', text),
      }),
    };
  }
  if (issued.grant.profile !== profile.id) {
    const text = 'The access token was not issued for this server';
    return {
      ok: false,
      response: fhirError(401, 'security', `${text}.`, {
        'www-authenticate': bearerChallenge(fhirBase, 'invalid_token', text),
      }),
    };
  }
  return { ok: true, grant: issued.grant };
}

function bearerChallenge(fhirBase: string, error: string, description: string): string {
  return `Bearer error="${error}", error_description="${description}", realm="${fhirBase}"`;
}

/** 403 with the scope that would have allowed it (RFC 6750 §3.1 insufficient_scope), in the profile's syntax. */
function scopeDenied(profile: EhrProfile, type: string, access: ResourceAccess): Response {
  const needed =
    profile.scopeVersion === 'v1'
      ? `patient/${type}.read`
      : `patient/${type}.${access === 'read' ? 'r' : 's'}`;
  return fhirError(
    403,
    'forbidden',
    `${type} (${access}) is not in the granted scopes; it needs ${needed}.`,
    {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${needed}"`,
    },
  );
}
