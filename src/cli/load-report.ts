// The readable summary `chartside load` prints: the load's totals, one table row per section, the record's
// counts by type, Conditions and Observations by the category each carries, and every warning. Pure text from plain data.
import { findUnresolvedReferences } from '../context/unresolved-references.ts';
import type { PatientRecordLoad } from '../fhir/load-patient-record.ts';
import { countRecordResources } from '../record/patient-record.ts';

export interface LoadReportContext {
  readonly fhirBaseUrl: string;
  readonly patientId: string;
  readonly outFile: string;
  /** Resources written to the file. */
  readonly written: number;
}

const COLUMNS = ['Section', 'Status', 'Resources', 'Pages', 'Note'] as const;

export function formatLoadReport(load: PatientRecordLoad, context: LoadReportContext): string {
  const { diagnostics } = load;
  const rows = Object.entries(diagnostics.sections).map(([section, result]) => [
    section,
    result.status,
    String(result.resources),
    String(result.pages),
    result.message ?? '',
  ]);
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        if (index === cells.length - 1) return cell;
        // Counts right-aligned, text left-aligned.
        return index === 2 || index === 3 ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();

  const counts = Object.entries(countRecordResources(load.record))
    .map(([type, count]) => `${type} ${count}`)
    .join(' · ');
  const failed = Object.values(diagnostics.sections).filter((section) => section.status === 'error').length;
  // Every section can say "loaded" while one came back short: what the rest of the record points at tells.
  const gaps = findUnresolvedReferences(load.record, {
    excludedKeys: diagnostics.excludedEnteredInErrorKeys,
    fhirBaseUrl: context.fhirBaseUrl,
  });
  const warnings = [
    ...diagnostics.warnings,
    ...gaps.map((gap) => `${gap.message} (${gap.referencedBy.join(', ')})`),
  ];

  return [
    `Loaded Patient/${context.patientId} from ${context.fhirBaseUrl} in ${(diagnostics.elapsedMs / 1000).toFixed(2)} s`,
    `${diagnostics.requests} requests · ${diagnostics.pages} pages · ${diagnostics.retries} retries · ${diagnostics.excludedEnteredInError} entered-in-error excluded`,
    `Wrote ${context.written} resources to ${context.outFile}${failed > 0 ? ` (incomplete: ${failed} section${failed === 1 ? '' : 's'} failed)` : ''}`,
    '',
    line(COLUMNS),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `Record: ${counts || 'empty'}`,
    ...(['Condition', 'Observation'] as const).map(
      (type) => `${type} by category: ${formatCategories(diagnostics.categories[type]) || 'none'}`,
    ),
    '',
    warnings.length === 0 ? 'Warnings: none' : `Warnings (${warnings.length}):`,
    ...warnings.map((warning) => `  - ${warning}`),
    '',
  ].join('\n');
}

/** `laboratory 292 · vital-signs 90 · uncategorised 3`, largest first. */
function formatCategories(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([category, count]) => `${category} ${count}`)
    .join(' · ');
}
