// What a CLI command may touch: output streams, the file system and the network, passed in so that tests
// run commands in-process (msw answers the network, a temporary folder takes the files).
import { writeFile } from 'node:fs/promises';
import type { FetchFunction } from '../fhir/fhir-http.ts';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly writeFile: (path: string, contents: string) => Promise<void>;
  /** The network; global fetch when absent. */
  readonly fetch?: FetchFunction;
  readonly now: () => Date;
  /** Aborted when the user interrupts (Ctrl-C): commands stop their requests. */
  readonly signal?: AbortSignal;
}

/** Exit statuses: 0 done, 1 failed (or finished incomplete), 2 wrong usage (as getopt-style tools do). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

/** What a command's argument parser returns. */
export type ParsedArguments<T> =
  | { readonly kind: 'help' }
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'invalid'; readonly issues: readonly string[] };

/**
 * The options to run with; or, for `--help` or a wrong command line, the exit status after printing the usage
 * (to stdout when asked for, to stderr after what is wrong).
 */
export function argumentsOrExit<T>(
  command: string,
  parsed: ParsedArguments<T>,
  usage: string,
  io: CliIo,
): { readonly options: T } | { readonly exitCode: number } {
  switch (parsed.kind) {
    case 'help':
      io.stdout(usage);
      return { exitCode: EXIT_OK };
    case 'invalid':
      io.stderr(`${parsed.issues.map((issue) => `chartside ${command}: ${issue}`).join('\n')}\n\n${usage}`);
      return { exitCode: EXIT_USAGE };
    case 'ok':
      return { options: parsed.value };
  }
}

/** Midnight UTC of a real calendar date given as YYYY-MM-DD, as `--now` takes it (2021-02-30 is refused). */
export function parseCalendarDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? undefined : ms;
}

/** The issue with a command's one positional argument (`noun`: "Bundle file", "cohort folder"), if any. */
export function singlePositionalIssues(positionals: readonly string[], noun: string): string[] {
  if (positionals.length === 1) return [];
  return [
    positionals.length === 0 ? `the ${noun} is required` : `one ${noun} at a time, got ${positionals.length}`,
  ];
}

/** `--now` as a calendar date: its epoch ms, or the issue to report (undefined text: no --now given). */
export function parseNowOption(text: string | undefined): { nowMs: number | undefined; issues: string[] } {
  if (text === undefined) return { nowMs: undefined, issues: [] };
  const nowMs = parseCalendarDate(text);
  return nowMs === undefined
    ? { nowMs, issues: [`--now must be a date as YYYY-MM-DD, got "${text}"`] }
    : { nowMs, issues: [] };
}

/** The process's real streams and file system, with Ctrl-C wired to cancel. */
export function createNodeCliIo(): CliIo {
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort(new DOMException('Interrupted', 'AbortError'));
  });
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    writeFile: (path, contents) => writeFile(path, contents, 'utf8'),
    now: () => new Date(),
    signal: interrupt.signal,
  };
}
