import { describe, expect, it } from 'vitest';
import { registeredEhrs } from '../smart/registered-ehrs.ts';
import { registryStartupError } from './registry-startup.ts';

describe('registryStartupError', () => {
  it('lets the server start with the shipped registry', () => {
    expect(registryStartupError()).toBeUndefined();
  });

  it('refuses to start with one bad entry among good ones, naming the entry and the field', () => {
    const [first] = registeredEhrs();
    if (!first) throw new Error('the shipped registry is empty');
    const v1 = first.scopes.map((scope) => scope.replace(/\.rs$/u, '.read'));
    const message = registryStartupError({
      registeredEhrs: [first, { ...first, name: 'Epic production', profile: 'epic', scopes: v1 }],
    });
    expect(message).toContain('Chartside does not start');
    expect(message).toContain(
      '  - registeredEhrs[1] "Epic production" scopes: "patient/Patient.read" is a SMART v1 scope; use the v2 form .rs for the epic profile\n',
    );
    expect(message).toContain('registration check launch/registered-ehrs.json');
  });

  it('refuses a file that is not a registry at all', () => {
    expect(registryStartupError([])).toMatch(
      /launch\/registered-ehrs\.json is invalid \(1 problem\):\n {2}- \(file\): /u,
    );
  });
});
