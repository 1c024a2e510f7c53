import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, MissingBuildError, type ServerPlugin } from './create-server.ts';
import {
  MINIMAL_INDEX_HTML,
  MINIMAL_LAUNCH_HTML,
  writeMinimalBuild,
} from '../../tests/support/minimal-build.ts';

let distDir: string;

beforeAll(async () => {
  distDir = await writeMinimalBuild('chartside-dist-');
});

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

describe('createServer (production: no plugins)', () => {
  it('has no /ehr but still serves the app', async () => {
    const server = await createServer({ distDir });
    try {
      expect((await server.inject({ method: 'GET', url: '/ehr/' })).statusCode).toBe(404);
      expect((await server.inject({ method: 'GET', url: '/ehr/sandbox/fhir/metadata' })).statusCode).toBe(
        404,
      );
      expect((await server.inject({ method: 'GET', url: '/launch' })).body).toBe(MINIMAL_LAUNCH_HTML);
      expect((await server.inject({ method: 'GET', url: '/' })).body).toBe(MINIMAL_INDEX_HTML);
    } finally {
      await server.close();
    }
  });
});

describe('createServer with a plugin', () => {
  /** Answers GET /extra/hello and leaves the rest of /extra unanswered. */
  const extra: ServerPlugin = {
    paths: ['/extra'],
    register: (scope) => {
      scope.get('/extra/hello', (_request, reply) => reply.send({ hello: 'world' }));
    },
  };

  it('mounts it, and never answers its paths with the app', async () => {
    const server = await createServer({ distDir, plugins: [extra] });
    try {
      expect((await server.inject({ method: 'GET', url: '/extra/hello' })).json()).toEqual({
        hello: 'world',
      });
      const unanswered = await server.inject({ method: 'GET', url: '/extra/other' });
      expect(unanswered.statusCode).toBe(404);
      expect(unanswered.body).not.toContain('<title>Chartside</title>');
      expect((await server.inject({ method: 'GET', url: '/elsewhere' })).body).toBe(MINIMAL_INDEX_HTML);
    } finally {
      await server.close();
    }
  });
});

describe('createServer without a build', () => {
  it('says to run npm run build when a page is missing', async () => {
    const partial = await mkdtemp(path.join(tmpdir(), 'chartside-partial-'));
    try {
      await writeFile(path.join(partial, 'index.html'), MINIMAL_INDEX_HTML);
      const attempt = createServer({ distDir: partial });
      await expect(attempt).rejects.toThrow(`${path.join(partial, 'launch', 'index.html')} not found`);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  });

  it('says to run npm run build', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'chartside-empty-'));
    try {
      const attempt = createServer({ distDir: empty });
      await expect(attempt).rejects.toBeInstanceOf(MissingBuildError);
      await expect(attempt).rejects.toThrow('run `npm run build` first');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('createServer in development (--dev)', () => {
  it('serves client routes through Vite from the source folder, without a build', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'chartside-dev-'));
    await writeFile(
      path.join(root, 'index.html'),
      '<!doctype html><title>Chartside dev</title><div id="root"></div>',
    );
    await mkdir(path.join(root, 'launch'));
    await writeFile(
      path.join(root, 'launch', 'index.html'),
      '<!doctype html><title>Chartside dev launch</title>',
    );
    const server = await createServer({ distDir: path.join(root, 'no-dist'), devRoot: root });
    try {
      const page = await server.inject({ method: 'GET', url: '/?code=x', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Chartside dev</title>');
      expect(page.body).toContain('/@vite/client');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      const launch = await server.inject({
        method: 'GET',
        url: '/launch?iss=x',
        headers: { accept: 'text/html' },
      });
      expect(launch.statusCode).toBe(200);
      expect(launch.body).toContain('<title>Chartside dev launch</title>');
      const api = await server.inject({ method: 'GET', url: '/api/x' });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toContain('application/json');
    } finally {
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
