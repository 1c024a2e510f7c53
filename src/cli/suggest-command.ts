// `chartside suggest <bundle.json>`: the findings a clinician would see for a patient Bundle — the guideline
// rules over the clinical context, plus, when a model is configured (AZURE_AI_* as for the server, see
// src/server/config.ts), the model's suggestions after grounding, merged with the rules and ranked. `--now`
// is the date the patient is seen: ages, overdue intervals and whether the patient has died are judged then.
//
// The rule findings come from computeGuidelineFindings (src/reasoning/findings-pipeline.ts), the function the
// clinician view calls, so this prints what the clinician sees: the rules read the whole record, sensitive
// categories included, and a screening done at a withheld visit (a hepatitis C test at a prenatal visit) still
// counts. The model gets the default policy: sensitive categories and free text withheld.
//
// The CLI runs in Node like the server, so it uses the server's model client and suggestion stream (the lint
// zone that keeps server code out of src/ is meant for browser code).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildClinicalContext, type ClinicalContext } from '../context/clinical-context.ts';
import { findUnresolvedReferences } from '../context/unresolved-references.ts';
import { DEFAULT_TOKEN_BUDGET, renderCompactContext, type CountTokens } from '../context/compact-context.ts';
import type { Finding, FindingSource } from '../reasoning/finding.ts';
import {
  computeGuidelineFindings,
  contextOptionsOf,
  DEFAULT_SENSITIVITY_POLICY,
  rankFindingsSeen,
  type GuidelineFindings,
} from '../reasoning/findings-pipeline.ts';
import { modelSuggestionToFinding } from '../reasoning/model-finding.ts';
import { mergeModelFindings, type RankedFindings } from '../reasoning/rank-findings.ts';
import type { SuggestionCategory, SuggestionUrgency } from '../reasoning/suggestion-schema.ts';
import { parseModelConfig, type ModelConfig } from '../model/model-config.ts';
import type { ModelClient } from '../model/model-client.ts';
import { suggestionEvents } from '../model/suggestion-events.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import {
  argumentsOrExit,
  EXIT_FAILURE,
  EXIT_OK,
  parseNowOption,
  singlePositionalIssues,
  type CliCommand,
  type CliIo,
  type ParsedArguments,
} from './cli-io.ts';
import { readPatientRecordFile } from './read-patient-record.ts';

export const SUGGEST_USAGE = `Usage: chartside suggest <bundle.json> [--now YYYY-MM-DD] [--json] [--budget N]

Prints the findings for the patient in a FHIR Bundle (transaction, collection or searchset), in rank order:
guideline rules over the clinical context and, when a model is configured (AZURE_AI_ENDPOINT and the other
AZURE_AI_* keys, as for the server), the model's suggestions after grounding, merged with the rules. The first
five are the ones shown first. Rules read the whole record; the model gets the de-identified context with
sensitive categories and free text withheld, as \`chartside context\` prints it.

Options:
  --now <YYYY-MM-DD>   The date the patient is seen (default today, UTC): ages, overdue intervals and whether the
                       patient has died are judged at that date
  --json               Print { "suggestions": [ { "id", "title", "category", "urgency", "source", "shown",
                       "evidence": [ { "resourceType", "id" } ] } ], "dropped": [ { "reason" } ] }
  --budget <n>         Token budget of the context sent to the model (default ${DEFAULT_TOKEN_BUDGET})
  -h, --help           Show this help

Exit status: 0 printed; 1 the file could not be read as a patient Bundle, or the model was configured but its
answer is missing or incomplete (the rules are still printed); 2 wrong usage.
`;

export interface SuggestArguments {
  readonly bundlePath: string;
  /** Epoch ms of midnight UTC of --now, or undefined for today. */
  readonly nowMs: number | undefined;
  readonly json: boolean;
  readonly budgetTokens: number;
}

type ParsedSuggestArguments = ParsedArguments<SuggestArguments>;

export function parseSuggestArguments(args: readonly string[]): ParsedSuggestArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        now: { type: 'string' },
        json: { type: 'boolean' },
        budget: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'invalid', issues: [toErrorMessage(error)] };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const issues: string[] = singlePositionalIssues(positionals, 'Bundle file');
  const now = parseNowOption(values.now);
  issues.push(...now.issues);
  const nowMs = now.nowMs;
  let budgetTokens = DEFAULT_TOKEN_BUDGET;
  if (values.budget !== undefined) {
    budgetTokens = Number(values.budget);
    if (!Number.isInteger(budgetTokens) || budgetTokens < 1)
      issues.push(`--budget must be a positive whole number, got "${values.budget}"`);
  }
  if (issues.length > 0) return { kind: 'invalid', issues };
  return {
    kind: 'ok',
    value: { bundlePath: positionals[0] ?? '', nowMs, json: values.json === true, budgetTokens },
  };
}

/** What the command needs from outside: the environment (model config) and how to reach the model. */
export interface SuggestDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly createModelClient: (config: ModelConfig) => Promise<ModelClient>;
  /** The o200k counter by default (loaded only when a model is called). */
  readonly countTokens?: CountTokens;
}

export interface SuggestionJson {
  readonly id: string;
  readonly title: string;
  readonly category: SuggestionCategory;
  readonly urgency: SuggestionUrgency;
  readonly source: 'rules' | 'model';
  readonly shown: boolean;
  readonly evidence: readonly { readonly resourceType: string; readonly id: string }[];
}

export interface SuggestJson {
  readonly suggestions: readonly SuggestionJson[];
  readonly dropped: readonly { readonly reason: string }[];
}

interface ModelOutcome {
  readonly findings: readonly Finding[];
  readonly dropped: readonly { readonly reason: string }[];
  /** Why the model's answer is missing or incomplete, if it is. */
  readonly failure: string | undefined;
}

async function loadO200kCounter(): Promise<CountTokens> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  return (text) => countTokens(text);
}

async function askModel(
  client: ModelClient,
  context: ClinicalContext,
  options: { readonly budgetTokens: number; readonly countTokens: CountTokens; readonly signal: AbortSignal },
): Promise<ModelOutcome> {
  const compact = renderCompactContext(context, {
    countTokens: options.countTokens,
    budgetTokens: options.budgetTokens,
  });
  if (!compact.withinBudget)
    return { findings: [], dropped: [], failure: `the context does not fit ${options.budgetTokens} tokens` };
  const findings: Finding[] = [];
  const dropped: { reason: string }[] = [];
  let failure: string | undefined;
  for await (const event of suggestionEvents(
    client,
    { text: compact.text, aliases: Object.keys(compact.aliases) },
    options.signal,
  )) {
    if (event.event === 'suggestion')
      findings.push(modelSuggestionToFinding(event.data.suggestion, compact.aliases, client.deployment));
    else if (event.event === 'dropped') dropped.push({ reason: event.data.reason });
    else if (event.event === 'error') failure = `${event.data.kind}: ${event.data.message}`;
  }
  return { findings, dropped, failure };
}

function sourceText(source: FindingSource): string {
  return source.kind === 'guideline'
    ? `${source.guideline} ${source.year}`
    : `deployment ${source.deployment}`;
}

function formatFinding(finding: Finding, rank: number): string {
  const evidence = finding.evidence.map((source) => `${source.resourceType}/${source.id}`).join(', ');
  return [
    `${String(rank).padStart(2)}. [${finding.urgency}] ${finding.category}: ${finding.title}`,
    `    id ${finding.id}; ${finding.origin === 'rules' ? 'rule' : 'model'}, ${sourceText(finding.source)}`,
    `    Why: ${finding.rationale}`,
    `    Action: ${finding.recommendedAction}`,
    `    Evidence: ${evidence === '' ? 'none' : evidence}`,
  ].join('\n');
}

export function formatSuggestText(
  ranked: RankedFindings,
  evaluation: Pick<GuidelineFindings, 'suppressed' | 'insufficient' | 'notRaised'>,
): string {
  const lines: string[] = [];
  if (ranked.shown.length === 0) {
    lines.push(
      evaluation.suppressed.length > 0
        ? `No findings: the patient had died by the date seen (${evaluation.suppressed.length} rule findings not raised).`
        : 'No findings.',
    );
  } else {
    lines.push('Shown first:');
    ranked.shown.forEach((finding, index) => lines.push(formatFinding(finding, index + 1)));
    if (ranked.more.length > 0) {
      lines.push('', 'More:');
      ranked.more.forEach((finding, index) =>
        lines.push(formatFinding(finding, ranked.shown.length + index + 1)),
      );
    }
  }
  if (evaluation.insufficient.length > 0) {
    lines.push('', 'Insufficient data:');
    for (const item of evaluation.insufficient) lines.push(`  ${item.ruleId}: ${item.missing}`);
  }
  if (evaluation.notRaised.length > 0) {
    lines.push('', 'Not raised:');
    for (const item of evaluation.notRaised) {
      const evidence = item.evidence.map((source) => `${source.resourceType}/${source.id}`).join(', ');
      lines.push(`  ${item.ruleId}: ${item.reason} (${evidence})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function toSuggestJson(
  ranked: RankedFindings,
  dropped: readonly { readonly reason: string }[],
): SuggestJson {
  const entry = (finding: Finding, shown: boolean): SuggestionJson => ({
    id: finding.id,
    title: finding.title,
    category: finding.category,
    urgency: finding.urgency,
    source: finding.origin,
    shown,
    evidence: finding.evidence.map((source) => ({ resourceType: source.resourceType, id: source.id })),
  });
  return {
    suggestions: [
      ...ranked.shown.map((finding) => entry(finding, true)),
      ...ranked.more.map((finding) => entry(finding, false)),
    ],
    dropped: dropped.map((item) => ({ reason: item.reason })),
  };
}

export function createSuggestCommand(dependencies: SuggestDependencies): CliCommand {
  return async (args: readonly string[], io: CliIo): Promise<number> => {
    const parsed = parseSuggestArguments(args);
    const outcome = argumentsOrExit('suggest', parsed, SUGGEST_USAGE, io);
    if ('exitCode' in outcome) return outcome.exitCode;
    const { options } = outcome;
    const file = await readPatientRecordFile('suggest', options.bundlePath, io);
    if (!file) return EXIT_FAILURE;
    const { record } = file;
    // What the gap check needs from the file: a reference to an entered-in-error resource is no gap.
    const gapOptions = {
      excludedEnteredInError: file.excludedEnteredInError,
      ...(file.fhirBaseUrl === undefined ? {} : { fhirBaseUrl: file.fhirBaseUrl }),
    };

    const nowMs = options.nowMs ?? io.now().getTime();
    const policy = DEFAULT_SENSITIVITY_POLICY;
    const evaluation = computeGuidelineFindings({ record, sensitivity: policy, nowMs });

    let model: ModelOutcome = { findings: [], dropped: [], failure: undefined };
    let modelNote: string;
    let exitCode = EXIT_OK;
    const config = parseModelConfig(dependencies.env);
    if (!config.ok) {
      modelNote = `model configuration invalid (${config.issues.join('; ')}): rules only`;
      exitCode = EXIT_FAILURE;
    } else if (config.value === undefined) {
      modelNote = 'no model configured (AZURE_AI_ENDPOINT is not set): rules only';
    } else if (evaluation.deceased) {
      modelNote = 'the patient had died by the date seen: the model was not asked';
    } else {
      const modelConfig = config.value;
      try {
        const client = await dependencies.createModelClient(modelConfig);
        model = await askModel(
          client,
          buildClinicalContext(record, { ...contextOptionsOf(policy, nowMs), ...gapOptions }),
          {
            budgetTokens: options.budgetTokens,
            countTokens: dependencies.countTokens ?? (await loadO200kCounter()),
            signal: io.signal ?? new AbortController().signal,
          },
        );
        modelNote = `model ${modelConfig.deployment}: ${model.findings.length} grounded, ${model.dropped.length} dropped`;
      } catch (error) {
        model = { findings: [], dropped: [], failure: toErrorMessage(error) };
        modelNote = `model ${modelConfig.deployment}`;
      }
      if (model.failure !== undefined) {
        modelNote += `; answer missing or incomplete (${model.failure})`;
        exitCode = EXIT_FAILURE;
      }
    }

    const merged = mergeModelFindings(evaluation.findings, model.findings);
    const ranked = rankFindingsSeen(evaluation, merged.findings);
    if (options.json) io.stdout(`${JSON.stringify(toSuggestJson(ranked, model.dropped), null, 2)}\n`);
    else io.stdout(formatSuggestText(ranked, evaluation));

    const total = ranked.shown.length + ranked.more.length;
    io.stderr(
      `chartside suggest: ${path.basename(options.bundlePath)} seen ${new Date(nowMs).toISOString().slice(0, 10)}; ` +
        `${total} finding${total === 1 ? '' : 's'} (${ranked.shown.length} shown first), ` +
        `${merged.agreements.length} model suggestion${merged.agreements.length === 1 ? '' : 's'} merged into rule findings, ` +
        `${evaluation.insufficient.length} rule${evaluation.insufficient.length === 1 ? '' : 's'} with insufficient data` +
        `${evaluation.suppressed.length > 0 ? `, ${evaluation.suppressed.length} suppressed (patient deceased)` : ''}; ${modelNote}\n`,
    );
    // A rule that finds no diagnosis, or the model, may be reading a record that lost part of itself.
    const gaps = findUnresolvedReferences(record, {
      excludedKeys: file.excludedEnteredInError,
      ...(file.fhirBaseUrl === undefined ? {} : { fhirBaseUrl: file.fhirBaseUrl }),
    });
    for (const gap of gaps)
      io.stderr(`chartside suggest: warning: ${gap.message}; the findings were worked out without them\n`);
    return exitCode;
  };
}

/**
 * The command as `chartside` runs it: the process environment and the Azure model client, loaded only when a
 * model is configured (the Azure SDK is not needed for rules alone, nor by the other commands).
 */
export const runSuggestCommand: CliCommand = (args, io) =>
  createSuggestCommand({
    env: process.env,
    createModelClient: async (config) => {
      const { createAzureModelClient } = await import('../model/azure-model-client.ts');
      return createAzureModelClient(config);
    },
  })(args, io);
