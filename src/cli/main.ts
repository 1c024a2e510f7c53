// `chartside <command>`: the developer CLI. Each command is a function of its arguments and a CliIo, listed in
// COMMANDS.
import { toErrorMessage } from '../shared/error-message.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './cli-io.ts';
import { runContextCommand } from './context-command.ts';
import { runEvaluateCommand } from './evaluate-command.ts';
import { runLoadCommand } from './load-command.ts';
import { runRegistrationCommand } from './registration-command.ts';
import { runScoreCommand } from './score-command.ts';
import { runSuggestCommand } from './suggest-command.ts';

export { createNodeCliIo } from './cli-io.ts';

interface CommandEntry {
  readonly summary: string;
  readonly run: CliCommand;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  load: {
    summary: "Load a patient's whole record over FHIR R4 and write it as a FHIR Bundle",
    run: runLoadCommand,
  },
  context: {
    summary:
      'Print the compact, de-identified clinical context of a patient Bundle, as the model would receive it',
    run: runContextCommand,
  },
  suggest: {
    summary:
      'Print the ranked findings for a patient Bundle: guideline rules, plus grounded model suggestions when a model is configured',
    run: runSuggestCommand,
  },
  score: {
    summary:
      "Print a patient Bundle's risk scores (PREVENT, Pooled Cohort Equations, CHA2DS2-VASc, HAS-BLED, eGFR) and their inputs",
    run: runScoreCommand,
  },
  evaluate: {
    summary:
      'Run the guideline rules over a folder of patient Bundles and write report.json: per-rule rates by sex, race, ethnicity and age band',
    run: runEvaluateCommand,
  },
  registration: {
    summary:
      'Check a registered-EHRs file (`registration check launch/registered-ehrs.json`) as the server does at start',
    run: runRegistrationCommand,
  },
};

export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const commands = Object.entries(COMMANDS).map(
    ([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`,
  );
  return [
    'Usage: chartside <command> [options]',
    '',
    'Commands:',
    ...commands,
    '',
    'Run `chartside <command> --help` for its options.',
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(mainUsage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`chartside: unknown command "${name}"\n\n${mainUsage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.stderr(`chartside ${name}: unexpected error: ${toErrorMessage(error)}\n`);
    return EXIT_FAILURE;
  }
}
