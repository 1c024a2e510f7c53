import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLaunchContext } from '../../mocks/ehr/launch-context.ts';
import { AZURE_STAND_IN_PATH } from '../../mocks/azure/azure-stand-in.ts';
import { STAND_IN_PATH } from '../../mocks/ehr/stand-in.ts';
import { SANDBOX_PATHS } from '../server/create-server.ts';
import { createSandboxServer } from './sandbox-server.ts';
import {
  MINIMAL_INDEX_HTML,
  MINIMAL_LAUNCH_HTML,
  writeMinimalBuild,
} from '../../tests/support/minimal-build.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let distDir: string;
/** Every request the fake stand-in saw, as it saw it. */
const seen: { method: string; url: string; headers: Headers; body: string }[] = [];

/** Echoes what it received, and answers with two cookies, to check the conversion both ways. */
async function fakeStandIn(request: Request): Promise<Response | undefined> {
  const url = new URL(request.url);
  if (url.pathname === '/ehr/none') return undefined;
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  seen.push({ method: request.method, url: request.url, headers: request.headers, body });
  const headers = new Headers({ 'content-type': 'application/json', 'x-stand-in': 'yes' });
  headers.append('set-cookie', 'a=1; Path=/ehr');
  headers.append('set-cookie', 'b=2; Path=/ehr');
  if (url.pathname === '/ehr/redirect')
    return new Response(null, { status: 302, headers: { location: '/?code=x&state=y' } });
  return new Response(JSON.stringify({ method: request.method, body }), { status: 201, headers });
}

beforeAll(async () => {
  distDir = await writeMinimalBuild('chartside-dist-');
});

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

describe('createSandboxServer', () => {
  let server: FastifyInstance;

  beforeAll(async () => {
    server = await createSandboxServer({ distDir, standIn: { handle: fakeStandIn } });
  });

  afterAll(async () => {
    await server.close();
  });

  it('mounts the stand-ins where the production server reserves their paths', () => {
    expect(SANDBOX_PATHS).toEqual([STAND_IN_PATH, AZURE_STAND_IN_PATH]);
  });

  it('mounts the backend: POST /api/suggestions wants a token, GET /api/model says no model is configured', async () => {
    const suggestions = await server.inject({ method: 'POST', url: '/api/suggestions', payload: {} });
    expect(suggestions.statusCode).toBe(401);
    expect(suggestions.json()).toMatchObject({ error: 'unauthorized' });
    const model = await server.inject({ method: 'GET', url: '/api/model' });
    expect(model.json()).toEqual({ state: 'off' });
  });

  it('mounts the Azure stand-in, never answering its paths with the app', async () => {
    const response = await server.inject({ method: 'GET', url: '/azure-stand-in/models/info' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('<title>Chartside</title>');
  });

  it.each(['/', '/?code=abc&state=def', '/some/client/route'])(
    'answers the client route %s with index.html',
    async (url) => {
      const response = await server.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toBe(MINIMAL_INDEX_HTML);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it.each(['/launch?iss=http%3A%2F%2F127.0.0.1%2Fehr%2Fsandbox%2Ffhir&launch=abc', '/launch'])(
    'answers the launch URL %s with the launch page, always revalidated',
    async (url) => {
      const response = await server.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toBe(MINIMAL_LAUNCH_HTML);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves fingerprinted assets for good and other files with revalidation', async () => {
    const asset = await server.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await server.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('sends /favicon.ico (asked for by pages that link no icon) to the SVG icon, served as SVG', async () => {
    const legacy = await server.inject({ method: 'GET', url: '/favicon.ico' });
    expect(legacy.statusCode).toBe(301);
    expect(legacy.headers.location).toBe('/favicon.svg');
    const icon = await server.inject({ method: 'GET', url: legacy.headers.location ?? '' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
  });

  it('the icon the pages link is in public/ (copied into the build) and every HTML entry links it', async () => {
    const icon = await readFile(path.join(REPO_ROOT, 'public', 'favicon.svg'), 'utf8');
    expect(icon).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox=/);
    for (const page of ['index.html', 'launch/index.html']) {
      expect(await readFile(path.join(REPO_ROOT, page), 'utf8')).toContain(
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml" />',
      );
    }
  });

  it.each(['/assets/missing.js', '/missing.png'])(
    'answers the missing file %s with 404, not index.html',
    async (url) => {
      const response = await server.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('<title>Chartside</title>');
    },
  );

  it.each([
    ['GET', '/api'],
    ['GET', '/api/suggestions?patient=123'],
    ['POST', '/api/unknown'],
  ] as const)('reserves %s %s for the backend (404 JSON without the query)', async (method, url) => {
    const response = await server.inject({ method, url });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'not_found',
      message: `No API route for ${method} ${url.split('?')[0] ?? ''}`,
    });
  });

  it('sends the security headers and no X-Frame-Options (the EHR frames the app)', async () => {
    for (const url of ['/', '/ehr/', '/api/x']) {
      const response = await server.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBeUndefined();
    }
  });

  it('passes a form body to the stand-in unchanged, and its status, headers and cookies back', async () => {
    const form = 'grant_type=authorization_code&code=abc%2Bdef&redirect_uri=http%3A%2F%2F127.0.0.1%2F';
    const response = await server.inject({
      method: 'POST',
      url: '/ehr/sandbox/auth/token?x=1',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Basic abc',
        host: 'localhost:5173',
      },
      payload: form,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ method: 'POST', body: form });
    expect(response.headers['x-stand-in']).toBe('yes');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/ehr', 'b=2; Path=/ehr']);
    const request = seen.at(-1);
    expect(request?.url).toBe('http://localhost:5173/ehr/sandbox/auth/token?x=1');
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.get('authorization')).toBe('Basic abc');
  });

  it.each([
    ['PUT', 'application/json', '{"tokenInvalidGrant":true}'],
    ['POST', 'application/fhir+json', '{"resourceType":"Bundle"}'],
    ['POST', 'text/plain', 'plain text'],
    ['DELETE', undefined, ''],
  ] as const)('passes %s %s bodies through raw', async (method, contentType, payload) => {
    const response = await server.inject({
      method,
      url: '/ehr/_control/faults',
      ...(contentType ? { headers: { 'content-type': contentType } } : {}),
      payload,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ method, body: payload });
  });

  it('answers /ehr itself and passes redirects through', async () => {
    expect((await server.inject({ method: 'GET', url: '/ehr' })).statusCode).toBe(201);
    const response = await server.inject({ method: 'GET', url: '/ehr/redirect' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/?code=x&state=y');
  });

  it('sends no body for HEAD', async () => {
    const response = await server.inject({ method: 'HEAD', url: '/ehr/' });
    expect(response.statusCode).toBe(201);
    expect(response.body).toBe('');
  });

  it('never answers a stand-in path with the app', async () => {
    const response = await server.inject({ method: 'GET', url: '/ehr/none' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('<title>Chartside</title>');
  });
});

describe('createSandboxServer logging', () => {
  it('logs a failed request by its path, never its query string', async () => {
    const lines: string[] = [];
    const server = await createSandboxServer({
      distDir,
      logLevel: 'warn',
      logStream: { write: (line) => lines.push(line) },
      standIn: {
        handle: () => Promise.reject(new Error('stand-in broke')),
      },
    });
    try {
      const response = await server.inject({
        method: 'GET',
        url: '/ehr/sandbox/auth/authorize?code=SECRET-CODE&patient=123',
      });
      expect(response.statusCode).toBe(500);
      const log = lines.join('');
      expect(log).toContain('stand-in broke');
      expect(log).toContain('/ehr/sandbox/auth/authorize');
      expect(log).not.toContain('SECRET-CODE');
      expect(log).not.toContain('patient=123');
    } finally {
      await server.close();
    }
  });
});

describe('createSandboxServer with the real EHR stand-in', () => {
  const origin = 'http://localhost:5173';
  const fhirBase = `${origin}/ehr/sandbox/fhir`;
  const patientId = '3be268d8-ec01-471a-937d-267bf0ed0b5c';
  let server: FastifyInstance;

  beforeAll(async () => {
    server = await createSandboxServer({ distDir });
  });

  afterAll(async () => {
    await server.close();
  });

  it('serves the simulator', async () => {
    const response = await server.inject({
      method: 'GET',
      url: '/ehr/?profile=epic',
      headers: { host: 'localhost:5173' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>EHR simulator</h1>');
  });

  it('takes fault settings as a JSON body', async () => {
    const put = await server.inject({
      method: 'PUT',
      url: '/ehr/_control/faults',
      payload: { tokenInvalidGrant: true },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ tokenInvalidGrant: true });
    const cleared = await server.inject({ method: 'DELETE', url: '/ehr/_control/faults' });
    expect(cleared.json()).toMatchObject({ tokenInvalidGrant: false });
  });

  it('carries a whole SMART EHR launch: authorize, form-encoded token request, FHIR read', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const launch = encodeLaunchContext({ patient: patientId });
    const authorize = new URLSearchParams({
      response_type: 'code',
      client_id: 'chartside-sandbox',
      redirect_uri: `${origin}/`,
      scope: 'launch openid fhirUser patient/Patient.rs',
      state: 'state-1',
      aud: fhirBase,
      launch,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const authorized = await server.inject({
      method: 'GET',
      url: `/ehr/sandbox/auth/authorize?${authorize.toString()}`,
      headers: { host: 'localhost:5173' },
    });
    expect(authorized.statusCode).toBe(302);
    const location = new URL(String(authorized.headers.location));
    expect(location.searchParams.get('state')).toBe('state-1');
    const code = location.searchParams.get('code') ?? '';

    const token = await server.inject({
      method: 'POST',
      url: '/ehr/sandbox/auth/token',
      headers: { host: 'localhost:5173', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${origin}/`,
        client_id: 'chartside-sandbox',
        code_verifier: verifier,
      }).toString(),
    });
    expect(token.statusCode).toBe(200);
    const body = token.json<{ access_token: string; patient: string }>();
    expect(body.patient).toBe(patientId);

    const read = await server.inject({
      method: 'GET',
      url: `/ehr/sandbox/fhir/Patient/${patientId}`,
      headers: { host: 'localhost:5173', authorization: `Bearer ${body.access_token}` },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ resourceType: 'Patient', id: patientId });
  });
});
