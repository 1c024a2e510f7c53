// `chartside load`: load a patient's whole record from a FHIR server with the same loader the app uses, write
// it as a FHIR `collection` Bundle, and print what the load did (requests, pages, retries, sections, warnings).
import { parseArgs } from 'node:util';
import { toErrorMessage } from '../shared/error-message.ts';
import { isFhirRequestError, isSessionExpiredError } from '../fhir/fhir-errors.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../fhir/fhir-http.ts';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_PAGE_SIZE, loadPatientRecord } from '../fhir/load-patient-record.ts';
import { buildRecordBundle } from '../record/record-bundle.ts';
import { SEARCH_PLAN_IDS, type SearchPlanId } from '../record/record-sections.ts';
import { argumentsOrExit, EXIT_FAILURE, EXIT_OK, type CliIo, type ParsedArguments } from './cli-io.ts';
import { formatLoadReport } from './load-report.ts';

/** Without `--scope` the CLI assumes every type is granted; the EHR's 403s then mark sections forbidden. */
const DEFAULT_SCOPE = 'patient/*.rs';
const HTTP_BAD_REQUEST = 400;

export const LOAD_USAGE = `Usage: chartside load --fhir <base URL> --patient <id> --out <file.json> [options]

Loads a patient's whole record over FHIR R4 and writes it as a FHIR collection Bundle.

Options:
  --fhir <url>            FHIR base URL (the EHR's iss), e.g. http://127.0.0.1:5173/ehr/sandbox/fhir
  --patient <id>          Patient id
  --out <file>            Where to write the Bundle (JSON)
  --token <token>         Access token, sent as "Authorization: Bearer"; omit for an open server
  --scope <scopes>        Scopes granted with the token, space-separated (default "${DEFAULT_SCOPE}");
                          types outside them are never requested
  --plan <generic|epic>   How Conditions and Observations are searched (default generic): generic
                          searches each type once without category (SMART/US Core servers, Oracle
                          Health); epic searches them per category, as Epic requires
  --page-size <n>         _count asked for (default ${DEFAULT_PAGE_SIZE}; servers clamp it)
  --max-in-flight <n>     Requests in flight at once (default ${DEFAULT_MAX_IN_FLIGHT})
  --timeout-ms <ms>       Per-request timeout (default ${DEFAULT_REQUEST_TIMEOUT_MS})
  -h, --help              Show this help

Exit status: 0 loaded; 1 failed, or some sections failed (the file is still written); 2 wrong usage.
`;

interface LoadArguments {
  readonly fhirBaseUrl: string;
  readonly patientId: string;
  readonly outFile: string;
  readonly accessToken: string | undefined;
  readonly scope: string;
  readonly searchPlan: SearchPlanId;
  readonly pageSize: number;
  readonly maxInFlight: number;
  readonly requestTimeoutMs: number;
}

type ParsedLoadArguments = ParsedArguments<LoadArguments>;

export function parseLoadArguments(args: readonly string[]): ParsedLoadArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        fhir: { type: 'string' },
        patient: { type: 'string' },
        out: { type: 'string' },
        token: { type: 'string' },
        scope: { type: 'string' },
        plan: { type: 'string' },
        'page-size': { type: 'string' },
        'max-in-flight': { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'invalid', issues: [toErrorMessage(error)] };
  }
  if (values.help) return { kind: 'help' };

  const issues: string[] = [];
  const required = (name: 'fhir' | 'patient' | 'out'): string => {
    const value = values[name]?.trim();
    if (!value) issues.push(`--${name} is required`);
    return value ?? '';
  };
  const positive = (name: 'page-size' | 'max-in-flight' | 'timeout-ms', fallback: number): number => {
    const text = values[name];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      issues.push(`--${name} must be a positive whole number, got "${text}"`);
    return value;
  };
  const fhirBaseUrl = required('fhir');
  if (fhirBaseUrl && !isHttpUrl(fhirBaseUrl))
    issues.push(`--fhir must be an http or https URL, got "${fhirBaseUrl}"`);
  const plan = values.plan ?? 'generic';
  const searchPlan = SEARCH_PLAN_IDS.find((id) => id === plan);
  if (searchPlan === undefined)
    issues.push(`--plan must be one of ${SEARCH_PLAN_IDS.join(', ')}, got "${plan}"`);
  const value: LoadArguments = {
    fhirBaseUrl,
    patientId: required('patient'),
    outFile: required('out'),
    accessToken: values.token,
    scope: values.scope ?? DEFAULT_SCOPE,
    searchPlan: searchPlan ?? 'generic',
    pageSize: positive('page-size', DEFAULT_PAGE_SIZE),
    maxInFlight: positive('max-in-flight', DEFAULT_MAX_IN_FLIGHT),
    requestTimeoutMs: positive('timeout-ms', DEFAULT_REQUEST_TIMEOUT_MS),
  };
  return issues.length > 0 ? { kind: 'invalid', issues } : { kind: 'ok', value };
}

export async function runLoadCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseLoadArguments(args);
  const outcome = argumentsOrExit('load', parsed, LOAD_USAGE, io);
  if ('exitCode' in outcome) return outcome.exitCode;
  const { options } = outcome;

  let load;
  try {
    load = await loadPatientRecord({
      fhirBaseUrl: options.fhirBaseUrl,
      patientId: options.patientId,
      grantedScopes: options.scope,
      searchPlan: options.searchPlan,
      pageSize: options.pageSize,
      maxInFlight: options.maxInFlight,
      requestTimeoutMs: options.requestTimeoutMs,
      ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
      ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
  } catch (error) {
    io.stderr(`chartside load: ${describeLoadFailure(error, options)}\n`);
    return EXIT_FAILURE;
  }

  const bundle = buildRecordBundle(load.record, options.fhirBaseUrl, io.now().toISOString());
  try {
    await io.writeFile(options.outFile, `${JSON.stringify(bundle, null, 2)}\n`);
  } catch (error) {
    io.stderr(`chartside load: could not write ${options.outFile}: ${toErrorMessage(error)}\n`);
    return EXIT_FAILURE;
  }
  io.stdout(
    formatLoadReport(load, {
      fhirBaseUrl: options.fhirBaseUrl,
      patientId: options.patientId,
      outFile: options.outFile,
      written: bundle.entry?.length ?? 0,
    }),
  );
  const { sections } = load.diagnostics;
  if (
    [sections.Condition, sections.Observation].some((section) => section?.httpStatus === HTTP_BAD_REQUEST)
  ) {
    io.stderr(
      'chartside load: the EHR refused a search without category (HTTP 400), as Epic does; run again with --plan epic\n',
    );
  }
  const incomplete = Object.values(sections).some((section) => section.status === 'error');
  return incomplete ? EXIT_FAILURE : EXIT_OK;
}

function describeLoadFailure(error: unknown, options: LoadArguments): string {
  if (isSessionExpiredError(error)) {
    const detail = error.outcomeText ? `: ${error.outcomeText.replace(/\.$/, '')}` : '';
    return options.accessToken === undefined
      ? `the EHR requires an access token (HTTP 401)${detail}. Pass one with --token.`
      : `the EHR rejected the access token (HTTP 401)${detail}. Get a new token and pass it with --token.`;
  }
  if (isFhirRequestError(error) && error.kind === 'network') {
    return `${error.message}\nCheck --fhir (${options.fhirBaseUrl}) and that the server is running.`;
  }
  if (error instanceof Error && error.name === 'AbortError') return 'interrupted; nothing was written.';
  return toErrorMessage(error);
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}
