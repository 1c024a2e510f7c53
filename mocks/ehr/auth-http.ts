// HTTP plumbing shared by the stand-in's authorization endpoints: form bodies, CORS, no-store JSON.
import { decodeJwt } from 'jose';

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * The parameters of an `application/x-www-form-urlencoded` body, or undefined when the body has another
 * content type (RFC 6749 §3.2 and §4.1.3: token requests are form-encoded; so is the consent form).
 */
export async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.split(';')[0]?.trim().toLowerCase() !== FORM_CONTENT_TYPE) return undefined;
  return new URLSearchParams(await request.text());
}

/**
 * The first parameter that appears more than once. RFC 6749 §3.1 and §3.2: request parameters MUST NOT be
 * included more than once, and a server answers such a request with invalid_request.
 */
export function findRepeatedParam(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** A parameter's value, with an empty value treated as absent (`?state=` carries no state). */
export function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

/**
 * Copy of a response with `Access-Control-Allow-Origin: *`. A browser app on another origin reads the
 * jwks, the style document and the token endpoint (SMART App Launch: public browser clients exchange the
 * code from JavaScript, and fhirclient refreshes with `mode: "cors"`).
 */
export function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', '*');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Answer to a CORS preflight for a form POST (fhirclient sends `authorization` for confidential clients). */
export function corsPreflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-max-age': '600',
    },
  });
}

/** RFC 6749 §5.1: a successful token response is JSON that no cache may keep. */
export function tokenJson(body: object): Response {
  return withCors(
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
    }),
  );
}

export type ClientIdResult = { ok: true; clientId: string | undefined } | { ok: false; description: string };

/**
 * The client_id a token request identifies itself with: public clients put it in the body; confidential
 * clients send HTTP Basic (`client_secret_basic`) or a `client_assertion` JWT (`private_key_jwt`, whose
 * `sub` is the client_id). The stand-in keeps no client registry, so secrets and assertion signatures are
 * not checked: only that every place naming the client agrees.
 */
export function tokenRequestClientId(request: Request, form: URLSearchParams): ClientIdResult {
  const named: string[] = [];
  const bodyClientId = param(form, 'client_id');
  if (bodyClientId !== undefined) named.push(bodyClientId);

  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
    const decoded = basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8');
    const separator = decoded?.indexOf(':') ?? -1;
    if (decoded === undefined || separator < 1) {
      return {
        ok: false,
        description: 'The Authorization header is not valid HTTP Basic client authentication',
      };
    }
    // RFC 6749 §2.3.1: the client id and secret are form-urlencoded before Basic encoding.
    named.push(decodeURIComponent(decoded.slice(0, separator).replaceAll('+', ' ')));
  }

  const assertion = param(form, 'client_assertion');
  if (assertion !== undefined) {
    let subject: string | undefined;
    try {
      subject = decodeJwt(assertion).sub;
    } catch {
      subject = undefined;
    }
    if (subject === undefined)
      return { ok: false, description: 'client_assertion is not a JWT with a sub claim' };
    named.push(subject);
  }

  const [first] = named;
  if (named.some((clientId) => clientId !== first)) {
    return { ok: false, description: 'The request names more than one client' };
  }
  return { ok: true, clientId: first };
}
