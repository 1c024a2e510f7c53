import { describe, expect, it } from 'vitest';
import { parseServerConfig } from './config.ts';

const FOUNDRY = 'https://chartside-test.services.ai.azure.com/models';
const OPENAI_V1 = 'https://chartside-test.openai.azure.com/openai/v1';

describe('parseServerConfig', () => {
  it('defaults to the sandbox on 127.0.0.1:5173, no model, 12 suggestion requests a minute', () => {
    expect(parseServerConfig({})).toEqual({
      ok: true,
      value: {
        port: 5173,
        host: '127.0.0.1',
        sandbox: true,
        model: undefined,
        suggestionsPerMinute: 12,
        databaseUrl: undefined,
        dataDir: '.chartside-data/feedback',
      },
    });
  });

  it.each([
    [
      { PORT: '8080', HOST: '0.0.0.0', CHARTSIDE_SANDBOX: 'off' },
      { port: 8080, host: '0.0.0.0', sandbox: false },
    ],
    [
      { PORT: '0', CHARTSIDE_SANDBOX: 'on' },
      { port: 0, host: '127.0.0.1', sandbox: true },
    ],
    [
      { PORT: '', HOST: '', CHARTSIDE_SANDBOX: '' },
      { port: 5173, host: '127.0.0.1', sandbox: true },
    ],
  ])('reads %j', (env, value) => {
    expect(parseServerConfig(env)).toEqual({
      ok: true,
      value: {
        ...value,
        model: undefined,
        suggestionsPerMinute: 12,
        databaseUrl: undefined,
        dataDir: '.chartside-data/feedback',
      },
    });
  });

  it('lists every problem at once', () => {
    const result = parseServerConfig({ PORT: 'eighty', HOST: '   ', CHARTSIDE_SANDBOX: 'yes' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      'PORT must be a number',
      'HOST must not be empty',
      "CHARTSIDE_SANDBOX must be 'on' or 'off'",
    ]);
  });

  it.each(['65536', '-1', '80.5'])('refuses PORT=%s', (port) => {
    const result = parseServerConfig({ PORT: port });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatch(/^PORT must be/);
  });

  it.each(['0', '601', 'many'])('refuses CHARTSIDE_SUGGESTIONS_PER_MINUTE=%s', (value) => {
    const result = parseServerConfig({ CHARTSIDE_SUGGESTIONS_PER_MINUTE: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatch(/^CHARTSIDE_SUGGESTIONS_PER_MINUTE must be/);
  });
});

describe('parseServerConfig: the model', () => {
  const model = (env: NodeJS.ProcessEnv) => {
    const result = parseServerConfig(env);
    if (!result.ok) throw new Error(result.issues.join('; '));
    return result.value.model;
  };
  const issues = (env: NodeJS.ProcessEnv): readonly string[] => {
    const result = parseServerConfig(env);
    return result.ok ? [] : result.issues;
  };

  it('reads an Azure AI Foundry endpoint with a key: api-version defaults to one with json_schema', () => {
    expect(
      model({
        AZURE_AI_ENDPOINT: `${FOUNDRY}/`,
        AZURE_AI_DEPLOYMENT: 'med-model',
        AZURE_AI_API_KEY: ' secret-key ',
      }),
    ).toEqual({
      endpoint: FOUNDRY,
      endpointKind: 'foundry-models',
      deployment: 'med-model',
      apiVersion: '2024-08-01-preview',
      auth: { kind: 'key', apiKey: 'secret-key' },
      timeoutMs: 45_000,
      stream: true,
      allowInsecureConnection: false,
    });
  });

  it('reads an Azure OpenAI v1 endpoint with Entra ID: no api-version at all', () => {
    expect(
      model({
        AZURE_AI_ENDPOINT: OPENAI_V1,
        AZURE_AI_DEPLOYMENT: 'gpt-4o',
        AZURE_AI_AUTH: 'entra',
        AZURE_AI_STREAM: 'off',
        AZURE_AI_TIMEOUT_MS: '20000',
      }),
    ).toMatchObject({
      endpointKind: 'openai-v1',
      apiVersion: '',
      auth: { kind: 'entra' },
      stream: false,
      timeoutMs: 20_000,
    });
  });

  it.each(['http://127.0.0.1:7071/models', 'http://localhost:5173/azure-stand-in/models'])(
    'allows plain http only to this machine (%s)',
    (endpoint) => {
      expect(
        model({ AZURE_AI_ENDPOINT: endpoint, AZURE_AI_DEPLOYMENT: 'stand-in', AZURE_AI_API_KEY: 'k' }),
      ).toMatchObject({
        allowInsecureConnection: true,
      });
    },
  );

  it.each([
    [{ AZURE_AI_ENDPOINT: 'http://models.example.com/models' }, /must use https/],
    [
      { AZURE_AI_ENDPOINT: 'https://x.openai.azure.com/openai/deployments/gpt-4o' },
      /must end in \/models or \/openai\/v1/,
    ],
    [{ AZURE_AI_ENDPOINT: 'not a url' }, /must be a URL/],
    [{ AZURE_AI_ENDPOINT: `${FOUNDRY}?api-version=2024-08-01-preview` }, /query string/],
    [
      { AZURE_AI_ENDPOINT: FOUNDRY, AZURE_AI_API_VERSION: '2024-05-01-preview' },
      /2024-08-01-preview or later/,
    ],
    [{ AZURE_AI_ENDPOINT: FOUNDRY, AZURE_AI_API_VERSION: 'latest' }, /must look like/],
    [
      { AZURE_AI_ENDPOINT: OPENAI_V1, AZURE_AI_API_VERSION: '2024-10-21' },
      /must be unset for an \/openai\/v1 endpoint/,
    ],
    [{ AZURE_AI_ENDPOINT: FOUNDRY, AZURE_AI_API_KEY: undefined }, /AZURE_AI_API_KEY is required/],
    [{ AZURE_AI_ENDPOINT: 'http://127.0.0.1:7071/models', AZURE_AI_AUTH: 'entra' }, /entra needs an https/],
    [{ AZURE_AI_ENDPOINT: FOUNDRY, AZURE_AI_TIMEOUT_MS: '50' }, /AZURE_AI_TIMEOUT_MS must be between/],
    [{ AZURE_AI_ENDPOINT: FOUNDRY, AZURE_AI_STREAM: 'yes' }, /AZURE_AI_STREAM must be/],
    [{ AZURE_AI_ENDPOINT: FOUNDRY, AZURE_AI_AUTH: 'password' }, /AZURE_AI_AUTH must be/],
    [{ AZURE_AI_ENDPOINT: undefined, AZURE_AI_DEPLOYMENT: 'x' }, /AZURE_AI_ENDPOINT is required/],
  ])('refuses %j', (overrides, expected) => {
    const env: NodeJS.ProcessEnv = {
      AZURE_AI_DEPLOYMENT: 'med-model',
      AZURE_AI_API_KEY: 'secret-key',
      ...overrides,
    };
    expect(issues(env).join('\n')).toMatch(expected);
  });

  it('requires a deployment and never echoes the key', () => {
    const found = issues({ AZURE_AI_ENDPOINT: 'ftp://x/models', AZURE_AI_API_KEY: 'very-secret-key-value' });
    expect(found.join('\n')).toMatch(/AZURE_AI_DEPLOYMENT is required/);
    expect(found.join('\n')).toMatch(/must use https/);
    expect(found.join('\n')).not.toContain('very-secret-key-value');
  });
});

describe('.env.example', () => {
  it("documents every key the server reads (its own and the model's), and parses as it stands", async () => {
    const { readFile } = await import('node:fs/promises');
    const example = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    const source = [
      await readFile(new URL('./config.ts', import.meta.url), 'utf8'),
      await readFile(new URL('../model/model-config.ts', import.meta.url), 'utf8'),
    ].join('\n');
    const env = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const read = [...source.matchAll(/set\('([A-Z_]+)'\)/g)].map((match) => match[1]);
    expect(read.length).toBeGreaterThanOrEqual(10);
    for (const key of read) expect(Object.keys(env), key).toContain(key);
    expect(parseServerConfig(env)).toMatchObject({ ok: true, value: { model: undefined } });
  });

  it('keeps feedback in PostgreSQL with DATABASE_URL and rejects other URLs', () => {
    const postgres = parseServerConfig({ DATABASE_URL: 'postgres://chartside@db.internal/chartside' });
    expect(postgres.ok && postgres.value.databaseUrl).toBe('postgres://chartside@db.internal/chartside');
    const mysql = parseServerConfig({ DATABASE_URL: 'mysql://db/chartside' });
    expect(mysql.ok ? [] : mysql.issues).toEqual(['DATABASE_URL must be a postgres:// or postgresql:// URL']);
  });
});
