// `chartside evaluate <cohort-dir> --out <dir>`: the guideline rules over a cohort of patient Bundles, with how
// often each rule fires in each group of patients (sex, race, ethnicity, age band) against the whole cohort
// (issue 15, first slice). Rules only, as computeGuidelineFindings gives them (the function the clinician view
// calls); no model. Files are read one at a time, so the cohort's size is bounded by time, not memory.
//
// The report holds counts only: no patient's name, id or file name.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cohortGroupsOf } from '../evaluation/cohort-groups.ts';
import { EvaluationReportBuilder, flaggedPairs, rulesOfPatient } from '../evaluation/evaluation-report.ts';
import { dayAfterLastActivityMs } from '../evaluation/last-activity.ts';
import { listCohortFiles, readCohort } from '../evaluation/read-cohort.ts';
import { computeGuidelineFindings, DEFAULT_SENSITIVITY_POLICY } from '../reasoning/findings-pipeline.ts';
import { buildPatientRecordFromBundle } from '../record/record-from-bundle.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import {
  argumentsOrExit,
  EXIT_FAILURE,
  EXIT_OK,
  parseCalendarDate,
  singlePositionalIssues,
  type CliCommand,
  type CliIo,
  type ParsedArguments,
} from './cli-io.ts';

/**
 * A cohort file as the warnings name it: a hash of its name, not the name (Synthea's file names are the patient's
 * names, and real exports' can be MRNs), so stderr, like the report, carries no identifier.
 */
function fileKey(fileName: string): string {
  return `file ${createHash('sha256').update(fileName).digest('hex').slice(0, 12)}`;
}

export const EVALUATE_USAGE = `Usage: chartside evaluate <cohort-dir> --out <dir> [--now last-activity | --now YYYY-MM-DD]

Runs the guideline rules (no model) over every patient Bundle in a folder (.json or .json.gz, one patient a
file, read one at a time) and writes <dir>/report.json: patients per group (sex, race, ethnicity, age band),
and per rule how many patients it fired for and lacked data for, with each group's rate, its rate ratio to
the whole cohort's rate and the ratio's 95% interval (log method); a group is flagged when the interval lies
wholly outside 0.8–1.25. The report holds counts only, no patient identifier. Files that are not Bundles are
skipped with a warning.

Options:
  --out <dir>          The folder to write report.json in (created if missing)
  --now <when>         last-activity (default): each patient seen the day after their last encounter (or, with
                       none, their last dated resource); or YYYY-MM-DD: every patient seen that day
  -h, --help           Show this help

Exit status: 0 written; 1 the folder could not be read, held no patient, or the report could not be written;
2 wrong usage.
`;

export interface EvaluateArguments {
  readonly cohortDir: string;
  readonly outDir: string;
  /** Midnight UTC of --now, or 'last-activity'. */
  readonly now: number | 'last-activity';
}

export function parseEvaluateArguments(args: readonly string[]): ParsedArguments<EvaluateArguments> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'invalid', issues: [toErrorMessage(error)] };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const issues: string[] = singlePositionalIssues(positionals, 'cohort folder');
  if (values.out === undefined || values.out === '') issues.push('--out <dir> is required');
  let now: number | 'last-activity' = 'last-activity';
  if (values.now !== undefined && values.now !== 'last-activity') {
    const ms = parseCalendarDate(values.now);
    if (ms === undefined)
      issues.push(`--now must be last-activity or a date as YYYY-MM-DD, got "${values.now}"`);
    else now = ms;
  }
  if (issues.length > 0) return { kind: 'invalid', issues };
  return { kind: 'ok', value: { cohortDir: positionals[0] ?? '', outDir: values.out ?? '', now } };
}

function formatRatio(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(2);
}

export const runEvaluateCommand: CliCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const outcome = argumentsOrExit('evaluate', parseEvaluateArguments(args), EVALUATE_USAGE, io);
  if ('exitCode' in outcome) return outcome.exitCode;
  const { options } = outcome;

  let fileNames: string[];
  try {
    fileNames = await listCohortFiles(options.cohortDir);
  } catch (error) {
    io.stderr(`chartside evaluate: could not read ${options.cohortDir}: ${toErrorMessage(error)}\n`);
    return EXIT_FAILURE;
  }

  const started = performance.now();
  let peakRss = process.memoryUsage.rss();
  const builder = new EvaluationReportBuilder();
  const total = fileNames.length;
  const progressEvery = Math.max(1, Math.ceil(total / 20));
  let done = 0;
  for await (const file of readCohort(options.cohortDir, fileNames)) {
    if (io.signal?.aborted === true) {
      io.stderr('chartside evaluate: interrupted; no report written\n');
      return EXIT_FAILURE;
    }
    done += 1;
    if (file.kind === 'skipped') {
      io.stderr(`chartside evaluate: skipped ${fileKey(file.fileName)}: ${file.reason}\n`);
    } else {
      const assembled = buildPatientRecordFromBundle(file.bundle);
      const nowMs = !assembled.ok
        ? undefined
        : options.now === 'last-activity'
          ? dayAfterLastActivityMs(assembled.value.record)
          : options.now;
      if (!assembled.ok)
        io.stderr(`chartside evaluate: skipped ${fileKey(file.fileName)}: ${assembled.issues.join('; ')}\n`);
      else if (nowMs === undefined)
        io.stderr(
          `chartside evaluate: skipped ${fileKey(file.fileName)}: the record holds no dated activity\n`,
        );
      else {
        const { record } = assembled.value;
        const result = computeGuidelineFindings({ record, sensitivity: DEFAULT_SENSITIVITY_POLICY, nowMs });
        builder.add(cohortGroupsOf(record.patient, nowMs), rulesOfPatient(result));
      }
    }
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    // Counted by file: a file is known not to hold a patient only once read.
    if (done % progressEvery === 0 || done === total)
      io.stderr(`${done}/${total} files, ${builder.patients} patients\n`);
  }

  if (builder.patients === 0) {
    io.stderr(`chartside evaluate: no patient Bundle in ${options.cohortDir}\n`);
    return EXIT_FAILURE;
  }
  const report = builder.build(
    options.now === 'last-activity' ? 'last-activity' : new Date(options.now).toISOString().slice(0, 10),
    { ms: performance.now() - started, peakRssMb: peakRss / (1024 * 1024) },
  );
  const reportPath = path.join(options.outDir, 'report.json');
  try {
    await mkdir(options.outDir, { recursive: true });
    await io.writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    io.stderr(`chartside evaluate: could not write ${reportPath}: ${toErrorMessage(error)}\n`);
    return EXIT_FAILURE;
  }

  const flagged = flaggedPairs(report);
  io.stderr(
    `chartside evaluate: ${report.patients} patients, ${report.rules.length} rules, ` +
      `${flagged.length} rule/group pairs flagged; ${(report.timing.ms / 1000).toFixed(1)} s, ` +
      `${report.timing.patientsPerSecond} patients/s, peak RSS ${report.timing.peakRssMb} MB\n`,
  );
  for (const pair of flagged.slice(0, 3))
    io.stderr(
      `  ${pair.rule} ${pair.attribute}=${pair.group}: ${pair.entry.fired}/${pair.entry.patients}, ` +
        `rate ratio ${formatRatio(pair.entry.rateRatio)} ` +
        `(95% ${formatRatio(pair.entry.ci95?.[0] ?? null)}–${formatRatio(pair.entry.ci95?.[1] ?? null)})\n`,
    );
  io.stdout(`${reportPath}\n`);
  return EXIT_OK;
};
