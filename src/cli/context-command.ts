// `chartside context <bundle.json>`: the compact, de-identified clinical context the model would receive for a
// patient Bundle (a Synthea transaction Bundle, a `chartside load` collection Bundle, or a searchset), counted
// with the o200k tokenizer. `--json` prints exactly { tokens, text, aliases }.
import { parseArgs } from 'node:util';
import { buildClinicalContext } from '../context/clinical-context.ts';
import { referenceGapsOf } from '../context/data-quality.ts';
import { DEFAULT_TOKEN_BUDGET, renderCompactContext, type CountTokens } from '../context/compact-context.ts';
import {
  isSensitiveCategory,
  SENSITIVE_CATEGORIES,
  type SensitiveCategory,
} from '../context/sensitive-categories.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import {
  argumentsOrExit,
  EXIT_FAILURE,
  EXIT_OK,
  parseNowOption,
  singlePositionalIssues,
  type CliIo,
  type ParsedArguments,
} from './cli-io.ts';
import { readPatientRecordFile } from './read-patient-record.ts';

export const CONTEXT_USAGE = `Usage: chartside context <bundle.json> [--budget N] [--now YYYY-MM-DD] [--json] [options]

Prints the compact, de-identified clinical context of the patient in a FHIR Bundle (transaction, collection or
searchset, as the Synthea fixtures and \`chartside load\` produce), as it would be sent to the model.

Options:
  --budget <n>                 Token budget, counted with the o200k tokenizer (default ${DEFAULT_TOKEN_BUDGET})
  --now <YYYY-MM-DD>           The date times are relative to (default today, UTC)
  --json                       Print { "tokens": <int>, "text": "<context>", "aliases": { "<alias>": "<Type>/<id>" } }
  --include-sensitive <list>   Include sensitive categories, comma-separated, or "all":
                               ${SENSITIVE_CATEGORIES.join(', ')}
                               (default: none; they are withheld)
  --include-free-text          Include free text (notes, conclusions), scrubbed of the patient's identifiers and
                               quoted as untrusted data (default: withheld)
  -h, --help                   Show this help

Exit status: 0 printed; 1 the file could not be read as a patient Bundle, or the context does not fit the
budget; 2 wrong usage.
`;

interface ContextArguments {
  readonly bundlePath: string;
  readonly budgetTokens: number;
  /** Epoch ms of midnight UTC of --now, or undefined for "today". */
  readonly nowMs: number | undefined;
  readonly json: boolean;
  readonly includeSensitiveCategories: readonly SensitiveCategory[];
  readonly includeFreeText: boolean;
}

type ParsedContextArguments = ParsedArguments<ContextArguments>;

export function parseContextArguments(args: readonly string[]): ParsedContextArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        budget: { type: 'string' },
        now: { type: 'string' },
        json: { type: 'boolean' },
        'include-sensitive': { type: 'string' },
        'include-free-text': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'invalid', issues: [toErrorMessage(error)] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  const issues: string[] = singlePositionalIssues(positionals, 'Bundle file');

  let budgetTokens = DEFAULT_TOKEN_BUDGET;
  if (values.budget !== undefined) {
    budgetTokens = Number(values.budget);
    if (!Number.isInteger(budgetTokens) || budgetTokens < 1)
      issues.push(`--budget must be a positive whole number, got "${values.budget}"`);
  }

  const now = parseNowOption(values.now);
  issues.push(...now.issues);
  const nowMs = now.nowMs;

  let includeSensitiveCategories: SensitiveCategory[] = [];
  const sensitive = values['include-sensitive'];
  if (sensitive !== undefined) {
    const names = sensitive
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length === 1 && names[0] === 'all') includeSensitiveCategories = [...SENSITIVE_CATEGORIES];
    else {
      for (const name of names) {
        if (isSensitiveCategory(name)) includeSensitiveCategories.push(name);
        else
          issues.push(
            `--include-sensitive: unknown category "${name}" (known: ${SENSITIVE_CATEGORIES.join(', ')}, or all)`,
          );
      }
    }
  }

  if (issues.length > 0) return { kind: 'invalid', issues };
  return {
    kind: 'ok',
    value: {
      bundlePath: positionals[0] ?? '',
      budgetTokens,
      nowMs,
      json: values.json === true,
      includeSensitiveCategories,
      includeFreeText: values['include-free-text'] === true,
    },
  };
}

/** The o200k counter, imported only when the command runs: the vocabulary takes ~0.5 s to load. */
async function loadO200kCounter(): Promise<CountTokens> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  return (text) => countTokens(text);
}

export async function runContextCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseContextArguments(args);
  const outcome = argumentsOrExit('context', parsed, CONTEXT_USAGE, io);
  if ('exitCode' in outcome) return outcome.exitCode;
  const { options } = outcome;

  const file = await readPatientRecordFile('context', options.bundlePath, io);
  if (!file) return EXIT_FAILURE;

  const context = buildClinicalContext(file.record, {
    nowMs: options.nowMs ?? io.now().getTime(),
    includeSensitiveCategories: options.includeSensitiveCategories,
    includeFreeText: options.includeFreeText,
    excludedEnteredInError: file.excludedEnteredInError,
    ...(file.fhirBaseUrl === undefined ? {} : { fhirBaseUrl: file.fhirBaseUrl }),
  });
  const compact = renderCompactContext(context, {
    countTokens: await loadO200kCounter(),
    budgetTokens: options.budgetTokens,
  });

  if (options.json)
    io.stdout(
      `${JSON.stringify({ tokens: compact.tokens, text: compact.text, aliases: compact.aliases }, null, 2)}\n`,
    );
  else io.stdout(compact.text);

  const omitted = Object.entries(compact.omitted).map(([section, count]) => `${count} ${section}`);
  io.stderr(
    `chartside context: ${compact.tokens} tokens (budget ${compact.budgetTokens}), ${Object.keys(compact.aliases).length} citation aliases; ` +
      `${context.policy.withheldSensitiveCount} resources withheld as sensitive; ${omitted.length === 0 ? 'nothing' : omitted.join(', ')} left out for the budget\n`,
  );
  // The text carries these as `!` lines too; said here as well so that nobody reads a short record as complete.
  for (const gap of referenceGapsOf(context.flags)) io.stderr(`chartside context: warning: ${gap.message}\n`);
  if (!compact.withinBudget) {
    io.stderr(
      `chartside context: even the header does not fit ${compact.budgetTokens} tokens; raise --budget\n`,
    );
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
