import { describe, expect, it } from 'vitest';
import { parseServerConfig } from './config.ts';

describe('parseServerConfig', () => {
  it('defaults to the sandbox on 127.0.0.1:5173', () => {
    expect(parseServerConfig({})).toEqual({ ok: true, value: { port: 5173, host: '127.0.0.1', sandbox: true } });
  });

  it.each([
    [{ PORT: '8080', HOST: '0.0.0.0', CHARTSIDE_SANDBOX: 'off' }, { port: 8080, host: '0.0.0.0', sandbox: false }],
    [{ PORT: '0', CHARTSIDE_SANDBOX: 'on' }, { port: 0, host: '127.0.0.1', sandbox: true }],
    [{ PORT: '', HOST: '', CHARTSIDE_SANDBOX: '' }, { port: 5173, host: '127.0.0.1', sandbox: true }],
  ])('reads %j', (env, value) => {
    expect(parseServerConfig(env)).toEqual({ ok: true, value });
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
});
