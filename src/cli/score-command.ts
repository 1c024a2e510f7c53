// `chartside score <bundle.json>`: the patient's risk scores as of the date seen (issue 14) — PREVENT, the
// Pooled Cohort Equations, CHA2DS2-VASc, HAS-BLED and eGFR — each with the inputs it was computed from and the
// resource each was read from. A score whose input the record does not hold has no value and names the input:
// nothing is assumed (see src/reasoning/rules/risk-scores.ts).
//
// The scores come from computeGuidelineFindings (src/reasoning/findings-pipeline.ts), the function the
// clinician view calls, so this prints what the Risk panel shows.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { computeGuidelineFindings, DEFAULT_SENSITIVITY_POLICY } from '../reasoning/findings-pipeline.ts';
import type {
  RiskInput,
  RiskInputValue,
  RiskResult,
  RiskScoreId,
  RiskUnit,
} from '../reasoning/risk/risk-result.ts';
import { scoreLabel, whyNoValue, type PatientRiskScores } from '../reasoning/rules/risk-scores.ts';
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

/** The order the scores are printed in: cardiovascular risk, then atrial fibrillation, then kidney function. */
export const SCORE_ORDER: readonly RiskScoreId[] = [
  'prevent-cvd-10y',
  'prevent-ascvd-10y',
  'pce-ascvd-10y',
  'cha2ds2-vasc',
  'has-bled',
  'egfr-ckd-epi-2021',
];

export const SCORE_USAGE = `Usage: chartside score <bundle.json> [--now YYYY-MM-DD] [--json]

Prints the risk scores of the patient in a FHIR Bundle (transaction, collection or searchset) as of the date
seen: PREVENT 10-year CVD and ASCVD risk, Pooled Cohort Equations 10-year ASCVD risk, CHA2DS2-VASc, HAS-BLED
and eGFR (CKD-EPI 2021), each with the inputs it was computed from and the resource each was read from. A
score whose input the record does not hold, or whose input is outside the range the equation was derived
for, has no value and says which; no input is ever assumed.

Options:
  --now <YYYY-MM-DD>   The date the patient is seen (default today, UTC): ages and how recent a result must be
                       are judged at that date
  --json               Print { "scores": [ { "id", "label", "value", "unit", "missing": [ name ],
                       "outOfRange": [ text ], "notApplicable", "source", "inputs": [ { "name", "value", "resourceType", "id",
                       "daysAgo" } ] } ] }, the scores in the order above; "value" is null when the score
                       cannot be computed; an input's "resourceType" and "id" are null when no resource gives
                       it (a diagnosis absent from the problem list), and "daysAgo" is null when undated
  -h, --help           Show this help

Exit status: 0 printed; 1 the file could not be read as a patient Bundle; 2 wrong usage.
`;

export interface ScoreArguments {
  readonly bundlePath: string;
  /** Epoch ms of midnight UTC of --now, or undefined for today. */
  readonly nowMs: number | undefined;
  readonly json: boolean;
}

export function parseScoreArguments(args: readonly string[]): ParsedArguments<ScoreArguments> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        now: { type: 'string' },
        json: { type: 'boolean' },
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
  if (issues.length > 0) return { kind: 'invalid', issues };
  return { kind: 'ok', value: { bundlePath: positionals[0] ?? '', nowMs, json: values.json === true } };
}

export interface ScoreInputJson {
  readonly name: string;
  readonly value: RiskInputValue;
  readonly resourceType: string | null;
  readonly id: string | null;
  readonly daysAgo: number | null;
}

export interface ScoreJson {
  readonly id: RiskScoreId;
  readonly label: string;
  readonly value: number | null;
  readonly unit: RiskUnit;
  readonly missing: readonly string[];
  readonly outOfRange: readonly string[];
  /** Why the score does not apply to this patient though computable (CHA2DS2-VASc without AF), or null. */
  readonly notApplicable: string | null;
  readonly source: string;
  readonly inputs: readonly ScoreInputJson[];
}

export interface ScoresJson {
  readonly scores: readonly ScoreJson[];
}

export function toScoresJson(scores: PatientRiskScores): ScoresJson {
  return {
    scores: SCORE_ORDER.map((id): ScoreJson => {
      const result = scores[id];
      return {
        id,
        label: scoreLabel(id),
        value: result.value,
        unit: result.unit,
        missing: [...result.missing],
        outOfRange: [...result.outOfRange],
        notApplicable: result.notApplicable ?? null,
        source: result.source,
        inputs: result.inputs.map((input) => ({
          name: input.name,
          value: input.value,
          resourceType: input.source?.resourceType ?? null,
          id: input.source?.id ?? null,
          daysAgo: input.daysAgo ?? null,
        })),
      };
    }),
  };
}

function valueText(value: number, unit: RiskUnit): string {
  return unit === 'points' ? `${String(value)} point${value === 1 ? '' : 's'}` : `${String(value)} ${unit}`;
}

function inputText(input: RiskInput): string {
  const from =
    input.source === undefined
      ? 'no resource'
      : `${input.source.resourceType}/${input.source.id}` +
        (input.daysAgo === undefined ? '' : `, ${String(input.daysAgo)} days ago`);
  // Synthea and some labs record values to 15 digits; two decimals are enough to check a value (--json has it whole).
  const value =
    typeof input.value === 'number' ? String(Math.round(input.value * 100) / 100) : String(input.value);
  return `    ${input.name}: ${value} (${from})`;
}

function scoreLines(result: RiskResult): string[] {
  const head =
    result.value === null
      ? `${scoreLabel(result.id)}: not computable — ${whyNoValue(result)}`
      : `${scoreLabel(result.id)}: ${valueText(result.value, result.unit)} (${result.source})` +
        (result.notApplicable === undefined ? '' : ` — not applicable: ${result.notApplicable}`);
  return [head, ...result.inputs.map(inputText)];
}

export function formatScoresText(scores: PatientRiskScores): string {
  return `${SCORE_ORDER.flatMap((id) => scoreLines(scores[id])).join('\n')}\n`;
}

export const runScoreCommand: CliCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const outcome = argumentsOrExit('score', parseScoreArguments(args), SCORE_USAGE, io);
  if ('exitCode' in outcome) return outcome.exitCode;
  const { options } = outcome;
  const file = await readPatientRecordFile('score', options.bundlePath, io);
  if (!file) return EXIT_FAILURE;

  const nowMs = options.nowMs ?? io.now().getTime();
  const { riskScores, deceased } = computeGuidelineFindings({
    record: file.record,
    sensitivity: DEFAULT_SENSITIVITY_POLICY,
    nowMs,
  });
  if (options.json) io.stdout(`${JSON.stringify(toScoresJson(riskScores), null, 2)}\n`);
  else io.stdout(formatScoresText(riskScores));

  const computed = SCORE_ORDER.filter((id) => riskScores[id].value !== null).length;
  io.stderr(
    `chartside score: ${path.basename(options.bundlePath)} seen ${new Date(nowMs).toISOString().slice(0, 10)}; ` +
      `${computed} of ${SCORE_ORDER.length} scores computed` +
      // Printed still, for a chart review; the note keeps them from being read as the risk of a living patient.
      `${deceased ? '; the record shows the patient had died by the date seen' : ''}\n`,
  );
  return EXIT_OK;
};
