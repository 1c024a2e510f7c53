// `chartside registration check <file>`: validates a registered-EHRs file (launch/registered-ehrs.json, or a
// draft of it) and prints the same report the server prints when it refuses to start with that file.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkRegistrationDocument } from '../smart/registration-report.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import { argumentsOrExit, EXIT_FAILURE, EXIT_OK, type CliIo, type ParsedArguments } from './cli-io.ts';

export const REGISTRATION_USAGE = `Usage: chartside registration check <registered-ehrs.json>

Checks a registered-EHRs file (launch/registered-ehrs.json, see launch/README.md) as the server does at start:
every entry's name, iss pattern, client id, profile and scopes. Prints one line per entry when the file is
valid, and every problem, naming the entry and the field, when it is not.

Options:
  -h, --help   Show this help

Exit status: 0 valid; 1 invalid or unreadable; 2 wrong usage.
`;

interface RegistrationArguments {
  readonly filePath: string;
}

export function parseRegistrationArguments(args: readonly string[]): ParsedArguments<RegistrationArguments> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return { kind: 'invalid', issues: [toErrorMessage(error)] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [action, ...files] = positionals;
  if (action === undefined) return { kind: 'invalid', issues: ['the action is required: check'] };
  if (action !== 'check')
    return { kind: 'invalid', issues: [`unknown action "${action}"; the action is check`] };
  const [filePath] = files;
  if (filePath === undefined) return { kind: 'invalid', issues: ['the registered-EHRs file is required'] };
  if (files.length > 1) return { kind: 'invalid', issues: [`one file at a time, got ${files.length}`] };
  return { kind: 'ok', value: { filePath } };
}

export async function runRegistrationCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = argumentsOrExit('registration', parseRegistrationArguments(args), REGISTRATION_USAGE, io);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { filePath } = parsed.options;
  let document: unknown;
  try {
    document = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (error) {
    io.stderr(`chartside registration: could not read ${filePath} as JSON: ${toErrorMessage(error)}\n`);
    return EXIT_FAILURE;
  }
  const report = checkRegistrationDocument(filePath, document);
  if (!report.ok) {
    io.stderr(report.text);
    return EXIT_FAILURE;
  }
  io.stdout(report.text);
  return EXIT_OK;
}
