// The browser bundle carries no secret and no trace of the model backend: built here (vite's build() into a
// temporary folder, so the result does not depend on an earlier `vite build`) with fake Azure secrets set in
// the environment, then every emitted file — source maps included — is searched for them and for anything
// that names Azure: the AZURE_ keys, Azure endpoints, the api-key header, private keys, the Azure SDK.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Fake values, set while the bundle is built: a bundle that inlined the environment would carry them. */
const FAKE_ENV = {
  AZURE_AI_API_KEY: 'fake-azure-key-3c9d2f7e41b04a8f9e6d5c2b1a0f8e7d',
  AZURE_AI_ENDPOINT: 'https://leak-canary-7f3a.services.ai.azure.com/models',
  AZURE_AI_DEPLOYMENT: 'leak-canary-deployment-7f3a',
  AZURE_CLIENT_SECRET: 'fake-entra-client-secret-9b8a7c6d5e4f',
} as const;

const FORBIDDEN: readonly [string, RegExp][] = [
  ...Object.entries(FAKE_ENV).map(([name, value]): [string, RegExp] => [
    `the value of ${name}`,
    new RegExp(escape(value)),
  ]),
  ['an AZURE_ environment key', /AZURE_/],
  ['an Azure AI Foundry endpoint', /\.services\.ai\.azure\.com/i],
  ['an Azure OpenAI endpoint', /\.openai\.azure\.com/i],
  ['a Cognitive Services endpoint or scope', /cognitiveservices\.azure\.com/i],
  ['the api-key header', /api-key/i],
  ['a private key', /BEGIN [A-Z ]*PRIVATE KEY/],
  ['the Azure SDK', /@azure-rest\/ai-inference|@azure\/identity|@azure\/core-auth/],
];

let outDir: string;
let files: { name: string; text: string }[];

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'chartside-bundle-'));
  const saved = Object.fromEntries(Object.keys(FAKE_ENV).map((key) => [key, process.env[key]]));
  Object.assign(process.env, FAKE_ENV);
  try {
    await build({
      root: ROOT,
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, sourcemap: true },
    });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
  files = await readTree(outDir);
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function readTree(dir: string): Promise<{ name: string; text: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const full = path.join(entry.parentPath, entry.name);
        return { name: path.relative(dir, full), text: await readFile(full, 'latin1') };
      }),
  );
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the browser bundle', () => {
  it('was built: index.html, scripts and their source maps', () => {
    const names = files.map((file) => file.name);
    expect(names).toContain('index.html');
    expect(names.some((name) => name.endsWith('.js'))).toBe(true);
    expect(names.some((name) => name.endsWith('.js.map'))).toBe(true);
  });

  it('is read as text: the app is in it', () => {
    expect(files.some((file) => file.name.endsWith('.js') && file.text.includes('Chartside'))).toBe(true);
  });

  it('would be caught leaking: every pattern finds its own leak', () => {
    const leak = [
      `fetch("${FAKE_ENV.AZURE_AI_ENDPOINT}/chat/completions",{headers:{"api-key":"${FAKE_ENV.AZURE_AI_API_KEY}"}})`,
      `const d="${FAKE_ENV.AZURE_AI_DEPLOYMENT}",s="${FAKE_ENV.AZURE_CLIENT_SECRET}",e=process.env.AZURE_AI_API_KEY;`,
      'https://x.openai.azure.com/openai/v1 https://cognitiveservices.azure.com/.default',
      '-----BEGIN PRIVATE KEY-----',
      'import "@azure-rest/ai-inference"',
    ].join('\n');
    for (const [label, pattern] of FORBIDDEN) expect(pattern.test(leak), label).toBe(true);
  });

  it.each(FORBIDDEN)('contains no %s in any file', (_label, pattern) => {
    const found = files.filter((file) => pattern.test(file.text)).map((file) => file.name);
    expect(found).toEqual([]);
  });
});
