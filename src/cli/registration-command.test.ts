import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../tests/support/capture-io.ts';
import { patientReadScope, REQUIRED_LAUNCH_SCOPES, requiredResourceTypes } from '../smart/registered-ehrs.ts';
import { runCli } from './main.ts';
import {
  parseRegistrationArguments,
  REGISTRATION_USAGE,
  runRegistrationCommand,
} from './registration-command.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chartside-registration-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const smartScopes = [
  ...REQUIRED_LAUNCH_SCOPES,
  ...requiredResourceTypes('smart').map((type) => patientReadScope('smart', type)),
];

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value), 'utf8');
  return file;
}

describe('parseRegistrationArguments', () => {
  it.each([
    [['check', 'a.json'], { kind: 'ok', value: { filePath: 'a.json' } }],
    [['--help'], { kind: 'help' }],
    [['check', '-h'], { kind: 'help' }],
    [[], { kind: 'invalid', issues: ['the action is required: check'] }],
    [['verify', 'a.json'], { kind: 'invalid', issues: ['unknown action "verify"; the action is check'] }],
    [['check'], { kind: 'invalid', issues: ['the registered-EHRs file is required'] }],
    [['check', 'a.json', 'b.json'], { kind: 'invalid', issues: ['one file at a time, got 2'] }],
  ])('%j', (args, expected) => {
    expect(parseRegistrationArguments(args)).toEqual(expected);
  });

  it('rejects an unknown option', () => {
    expect(parseRegistrationArguments(['check', 'a.json', '--fix'])).toMatchObject({ kind: 'invalid' });
  });
});

describe('runRegistrationCommand', () => {
  it('prints one line per entry and exits 0 for a valid file', async () => {
    const file = await writeJson('valid.json', {
      registeredEhrs: [
        {
          name: 'Generic',
          issPattern: '^https://a\\.example$',
          clientId: 'c',
          profile: 'smart',
          scopes: smartScopes,
        },
      ],
    });
    const io = captureIo();
    expect(await runRegistrationCommand(['check', file], io)).toBe(0);
    expect(io.out()).toBe(
      `${file} is valid: 1 registered EHR\n  - "Generic": profile smart, iss ^https://a\\.example$, ${smartScopes.length} scopes\n`,
    );
    expect(io.err()).toBe('');
  });

  it('prints every problem, naming entry and field, and exits 1 for an invalid file', async () => {
    const file = await writeJson('invalid.json', {
      registeredEhrs: [
        {
          name: 'Generic',
          issPattern: 'https://a\\.example',
          clientId: 'c',
          profile: 'smart',
          scopes: smartScopes,
        },
        { name: 'Cerner', issPattern: '^https://b\\.example$', clientId: 'd', profile: 'cerner', scopes: [] },
      ],
    });
    const io = captureIo();
    expect(await runRegistrationCommand(['check', file], io)).toBe(1);
    expect(io.out()).toBe('');
    const lines = io.err().trimEnd().split('\n');
    expect(lines[0]).toBe(`${file} is invalid (3 problems):`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- registeredEhrs\[0\] "Generic" issPattern: must be anchored/u),
      expect.stringMatching(/^ {2}- registeredEhrs\[1\] "Cerner" profile: /u),
      '  - registeredEhrs[1] "Cerner" scopes: scopes must list the scopes Chartside requests',
    ]);
  });

  it('exits 1 for a file that is not JSON', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{ "registeredEhrs": [', 'utf8');
    const io = captureIo();
    expect(await runRegistrationCommand(['check', file], io)).toBe(1);
    expect(io.err()).toMatch(
      new RegExp(`^chartside registration: could not read ${file.replaceAll('\\', '\\\\')} as JSON: `, 'u'),
    );
  });

  it('exits 2 with the usage for a wrong command line', async () => {
    const io = captureIo();
    expect(await runRegistrationCommand(['check'], io)).toBe(2);
    expect(io.err()).toBe(
      `chartside registration: the registered-EHRs file is required\n\n${REGISTRATION_USAGE}`,
    );
  });

  it('is listed in the main usage and reached through runCli', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}registration {2}Check a registered-EHRs file/mu);
    const help = captureIo();
    expect(await runCli(['registration', '--help'], help)).toBe(0);
    expect(help.out()).toBe(REGISTRATION_USAGE);
  });
});
