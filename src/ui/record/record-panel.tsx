// The Record region: active problems, current medications, allergies and recent results, from the clinical
// context of the record as loaded so far. Each part shows as soon as the sections it needs are done, and says it
// is loading until then. A part whose FHIR section failed to load says so and can be retried; a part the EHR did
// not share says that instead of looking empty.
import type { ReactNode } from 'react';
import type { ClinicalContext } from '../../context/clinical-context.ts';
import type { SourceRef } from '../../context/context-types.ts';
import { referenceGapsOf } from '../../context/data-quality.ts';
import type { ObservationSeries } from '../../context/observation-series.ts';
import { formatUnit } from '../../context/ucum-units.ts';
import type { ReferenceGap } from '../../context/unresolved-references.ts';
import type { LoadDiagnostics, SectionDiagnostics } from '../../fhir/load-patient-record.ts';
import { isSectionId, sectionResourceType, type RecordSectionId } from '../../record/record-sections.ts';
import { formatDaysAgo, formatValue, plural } from '../format.ts';
import { PartPending } from './part-pending.tsx';
import { emptyTextWithGaps, gapsOfTypes, ReferenceGapNotices } from './reference-gaps.tsx';
import { WITHHELD_BY } from './withheld-by.ts';

export interface RecordPanelProps {
  /** The clinical context of the record as loaded so far. */
  readonly context: ClinicalContext;
  /** Resource types whose sections have all finished loading (or failing). */
  readonly done: ReadonlySet<string>;
  /** The load stopped before every section was done: a part still waiting will not fill. */
  readonly stopped: boolean;
  /** Set once the whole record has loaded. */
  readonly diagnostics: LoadDiagnostics | undefined;
  readonly retrying: ReadonlySet<RecordSectionId>;
  readonly onRetry: (section: RecordSectionId) => void;
}

interface Part {
  readonly title: string;
  /** The resource types whose sections' failure leaves this part incomplete. */
  readonly types: readonly string[];
  /** The resource types that must be done before the part shows. */
  readonly needs: readonly string[];
}

/**
 * Besides its own sections, every part waits for the Patient (times count back from a death; the patient's
 * identifiers are scrubbed from text), and all but Problems for the conditions and encounters: a medication,
 * allergy or result is withheld as sensitive when it points at a sensitive condition or was recorded at a
 * sensitive visit (withheld-resources.ts), so shown before those are in it could appear and then vanish. A
 * condition is withheld for its own codes only.
 */
function part(title: string, types: readonly string[], withheldBy: readonly string[]): Part {
  return { title, types, needs: [...new Set(['Patient', ...types, ...withheldBy])] };
}

const PROBLEMS = part('Problems', ['Condition'], []);
const MEDICATIONS = part(
  'Medications',
  ['MedicationRequest', 'MedicationStatement', 'Medication'],
  WITHHELD_BY,
);
const ALLERGIES = part('Allergies', ['AllergyIntolerance'], WITHHELD_BY);
const RESULTS = part('Recent results', ['Observation'], WITHHELD_BY);
const PARTS: readonly Part[] = [PROBLEMS, MEDICATIONS, ALLERGIES, RESULTS];

const RECENT_RESULTS_SHOWN = 12;

function SectionProblems({
  part,
  diagnostics,
  retrying,
  onRetry,
}: { readonly part: Pick<Part, 'types'> } & Pick<RecordPanelProps, 'diagnostics' | 'retrying' | 'onRetry'>) {
  if (diagnostics === undefined) return null;
  const sections = sectionsOfTypes(diagnostics, part.types);
  const failed = sections.filter(([, result]) => result.status === 'error');
  const forbidden = sections.filter(([, result]) => result.status === 'forbidden');
  return (
    <>
      {failed.map(([section, result]) => (
        <div key={section} className="section-failed" role="alert" data-section={section}>
          <p>
            <strong>Not loaded:</strong> {section.replace(':', ' · ')} —{' '}
            {result.message ?? 'the EHR did not answer'}. This list may be incomplete.
          </p>
          <button
            type="button"
            disabled={retrying.has(section)}
            onClick={() => {
              onRetry(section);
            }}
          >
            {retrying.has(section) ? 'Retrying…' : 'Retry'}
          </button>
        </div>
      ))}
      {forbidden.map(([section]) => (
        <p key={section} className="notice" data-section={section}>
          {section.replace(':', ' · ')} was not shared with Chartside by the EHR.
        </p>
      ))}
    </>
  );
}

/** The load's sections of these resource types, with how each ended. */
function sectionsOfTypes(
  diagnostics: LoadDiagnostics,
  types: readonly string[],
): [RecordSectionId, SectionDiagnostics][] {
  return Object.entries(diagnostics.sections).flatMap(([id, result]) =>
    isSectionId(id) && types.includes(sectionResourceType(id)) ? [[id, result]] : [],
  );
}

/** The parts of an entry's detail line that are known, joined. */
function details(...parts: readonly (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined).join(' · ');
}

interface RecordItem {
  readonly source: SourceRef;
  readonly name: string;
  readonly detail: string;
}

function RecordList({ items, empty }: { readonly items: readonly RecordItem[]; readonly empty: string }) {
  if (items.length === 0) return <p className="placeholder">{empty}</p>;
  return (
    <ul className="record-list">
      {items.map((item) => (
        <li key={`${item.source.resourceType}/${item.source.id}`}>
          <span className="item-name">{item.name}</span>
          <span className="item-detail">{item.detail}</span>
        </li>
      ))}
    </ul>
  );
}

function resultValue(series: ObservationSeries): string {
  const value = series.latest.value;
  if (value.kind === 'coded') return value.text;
  const unit = formatUnit(value.unit);
  return unit === '' ? formatValue(value.value) : `${formatValue(value.value)} ${unit}`;
}

const INTERPRETATION_LABELS: Readonly<Record<string, string>> = {
  H: 'high',
  HH: 'critically high',
  HU: 'very high',
  L: 'low',
  LL: 'critically low',
  LU: 'very low',
  A: 'abnormal',
  AA: 'critically abnormal',
  POS: 'positive',
  DET: 'detected',
  R: 'resistant',
  I: 'intermediate',
};

export function RecordPanel({ context, done, stopped, diagnostics, retrying, onRetry }: RecordPanelProps) {
  const sectionProps = { diagnostics, retrying, onRetry };
  // What the record points at but does not hold, once all of it is in (before, a reference can point at a
  // section still loading, and the entered-in-error keys are not known yet).
  const gaps = diagnostics === undefined ? [] : referenceGapsOf(context.flags);
  const partProps = { ...sectionProps, done, stopped, gaps };
  const emptyText = (part: Part, empty: string): string =>
    emptyTextWithGaps(empty, gapsOfTypes(gaps, part.types));
  return (
    <section className="panel record-panel" aria-labelledby="record-heading" id="record">
      <h2 id="record-heading">Record</h2>
      {/* A count over the whole record: shown once all of it is in. */}
      {diagnostics !== undefined && context.policy.withheldSensitiveCount > 0 ? (
        <p className="notice">
          {plural(context.policy.withheldSensitiveCount, 'sensitive entry is', 'sensitive entries are')} left
          out of this summary and of what the AI model sees. The chart in your EHR shows them.
        </p>
      ) : null}

      <RecordPart part={PROBLEMS} {...partProps}>
        <RecordList
          empty={emptyText(PROBLEMS, 'No active problems recorded.')}
          items={context.problems.map((problem) => ({
            source: problem.source,
            name: problem.name,
            detail: details(
              problem.onsetDaysAgo === undefined
                ? 'onset not recorded'
                : `since ${formatDaysAgo(problem.onsetDaysAgo, context.timeReference)}`,
              problem.verification,
            ),
          }))}
        />
      </RecordPart>

      <RecordPart part={MEDICATIONS} {...partProps}>
        <RecordList
          empty={emptyText(MEDICATIONS, 'No current medications recorded.')}
          items={context.medications.map((medication) => ({
            source: medication.source,
            name: medication.name,
            detail: details(
              medication.dosage,
              medication.status === 'active' ? undefined : medication.status,
              medication.lastDaysAgo === undefined
                ? undefined
                : `ordered ${formatDaysAgo(medication.lastDaysAgo, context.timeReference)}`,
            ),
          }))}
        />
      </RecordPart>

      <RecordPart part={ALLERGIES} {...partProps}>
        <RecordList
          empty={emptyText(ALLERGIES, 'No allergies recorded.')}
          items={context.allergies.map((allergy) => ({
            source: allergy.source,
            name: allergy.name,
            detail: details(
              allergy.reactions.flatMap((reaction) => reaction.manifestations).join(', ') || undefined,
              allergy.criticality === undefined ? undefined : `criticality ${allergy.criticality}`,
            ),
          }))}
        />
      </RecordPart>

      <RecordPart part={RESULTS} {...partProps}>
        {context.labs.length === 0 ? (
          <p className="placeholder">{emptyText(RESULTS, 'No laboratory results recorded.')}</p>
        ) : (
          <table className="results-table">
            <thead>
              <tr>
                <th scope="col">Test</th>
                <th scope="col">Latest</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {context.labs.slice(0, RECENT_RESULTS_SHOWN).map((series) => (
                <tr key={series.key}>
                  <th scope="row">{series.name}</th>
                  <td>
                    {resultValue(series)}
                    {series.latest.interpretation === undefined ? null : (
                      <span className="flag">
                        {' '}
                        {INTERPRETATION_LABELS[series.latest.interpretation] ?? series.latest.interpretation}
                      </span>
                    )}
                  </td>
                  <td>{formatDaysAgo(series.latest.daysAgo, context.timeReference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </RecordPart>
      <OtherFailures {...sectionProps} />
      <OtherGaps gaps={gaps} />
    </section>
  );
}

function RecordPart({
  part,
  done,
  stopped,
  gaps,
  children,
  ...sectionProps
}: {
  readonly part: Part;
  readonly gaps: readonly ReferenceGap[];
  readonly children: ReactNode;
} & Omit<RecordPanelProps, 'context'>) {
  return (
    <>
      <h3>{part.title}</h3>
      {part.needs.every((section) => done.has(section)) ? (
        <>
          <SectionProblems part={part} {...sectionProps} />
          <ReferenceGapNotices gaps={gapsOfTypes(gaps, part.types)} />
          {children}
        </>
      ) : (
        <PartPending what={part.title.toLowerCase()} stopped={stopped} />
      )}
    </>
  );
}

/** Failed sections that none of the parts above shows (encounters, procedures, notes …). */
function OtherFailures({
  diagnostics,
  retrying,
  onRetry,
}: Pick<RecordPanelProps, 'diagnostics' | 'retrying' | 'onRetry'>) {
  if (diagnostics === undefined) return null;
  const covered = new Set(PARTS.flatMap((part) => part.types));
  const others = [
    ...new Set(Object.keys(diagnostics.sections).filter(isSectionId).map(sectionResourceType)),
  ].filter((type) => !covered.has(type));
  if (!sectionsOfTypes(diagnostics, others).some(([, result]) => result.status === 'error')) return null;
  return (
    <>
      <h3>Also not loaded</h3>
      <SectionProblems
        part={{ types: others }}
        diagnostics={diagnostics}
        retrying={retrying}
        onRetry={onRetry}
      />
    </>
  );
}

/** Entries the record points at of types none of the parts above shows (reports, encounters, procedures …). */
function OtherGaps({ gaps }: { readonly gaps: readonly ReferenceGap[] }) {
  const covered = new Set(PARTS.flatMap((part) => part.types));
  const others = gaps.filter((gap) => !covered.has(gap.targetType));
  if (others.length === 0) return null;
  return (
    <>
      <h3>Also incomplete</h3>
      <ReferenceGapNotices gaps={others} />
    </>
  );
}
