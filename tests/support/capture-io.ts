// Test-only: a CliIo that keeps what a command prints, for running `chartside` commands in-process. Files are
// written for real (tests pass temporary paths); the clock reads 25 Nov 2026 unless overridden.
import { writeFile } from 'node:fs/promises';
import type { CliIo } from '../../src/cli/cli-io.ts';

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function captureIo(overrides: Partial<CliIo> = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    writeFile: (file, contents) => writeFile(file, contents, 'utf8'),
    now: () => new Date('2026-11-25T12:00:00Z'),
    out: () => out,
    err: () => err,
    ...overrides,
  };
}
