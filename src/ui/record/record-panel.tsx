// The Record region: active problems, current medications, allergies and recent results, from the clinical
// context of the record as loaded so far. Each part shows as soon as the sections it needs are done, and says it
// is loading until then. A part whose FHIR section failed to load says so and can be retried; a part the EHR did
// not share says that instead of looking empty.
import type { ReactNode } from 'react';
import type { ClinicalContext } from '../../context/clinical-context.ts';
import type { SourceRef } from '../../context/context-types.ts';
import type { ObservationSeries } from '../../context/observation-series.ts';
import { formatUnit } from '../../context/ucum-units.ts';
import type { LoadDiagnostics } from '../../fhir/load-patient-record.ts';
import { RECORD_SECTION_IDS, type RecordSectionId } from '../../fhir/record-sections.ts';
import { formatDaysAgo, formatValue, plural } from '../format.ts';
import { PartPending } from './part-pending.tsx';
import { CONDITION_SECTIONS, WITHHELD_BY } from './withheld-by.ts';

export interface RecordPanelProps {
  /** The clinical context of the record as loaded so far. */
  readonly context: ClinicalContext;
  /** Sections finished loading (or failing). */
  readonly done: ReadonlySet<RecordSectionId>;
  /** The load stopped before every section was done: a part still waiting will not fill. */
  readonly stopped: boolean;
  /** Set once the whole record has loaded. */
  readonly diagnostics: LoadDiagnostics | undefined;
  readonly retrying: ReadonlySet<RecordSectionId>;
  readonly onRetry: (section: RecordSectionId) => void;
}

interface Part {
  readonly title: string;
  /** The FHIR sections whose failure leaves this part incomplete. */
  readonly sections: readonly RecordSectionId[];
  /** The sections that must be done before the part shows. */
  readonly needs: readonly RecordSectionId[];
}

/**
 * Besides its own sections, every part waits for the Patient (times count back from a death; the patient's
 * identifiers are scrubbed from text), and all but Problems for the conditions and encounters: a medication,
 * allergy or result is withheld as sensitive when it points at a sensitive condition or was recorded at a
 * sensitive visit (withheld-resources.ts), so shown before those are in it could appear and then vanish. A
 * condition is withheld for its own codes only.
 */
function part(
  title: string,
  sections: readonly RecordSectionId[],
  withheldBy: readonly RecordSectionId[],
): Part {
  return { title, sections, needs: [...new Set<RecordSectionId>(['Patient', ...sections, ...withheldBy])] };
}

const PROBLEMS = part('Problems', CONDITION_SECTIONS, []);
const MEDICATIONS = part(
  'Medications',
  ['MedicationRequest', 'MedicationStatement', 'Medication'],
  WITHHELD_BY,
);
const ALLERGIES = part('Allergies', ['AllergyIntolerance'], WITHHELD_BY);
const RESULTS = part('Recent results', ['Observation:laboratory', 'Observation:vital-signs'], WITHHELD_BY);
const PARTS: readonly Part[] = [PROBLEMS, MEDICATIONS, ALLERGIES, RESULTS];

const RECENT_RESULTS_SHOWN = 12;

function SectionProblems({
  part,
  diagnostics,
  retrying,
  onRetry,
}: { readonly part: Pick<Part, 'sections'> } & Pick<
  RecordPanelProps,
  'diagnostics' | 'retrying' | 'onRetry'
>) {
  if (diagnostics === undefined) return null;
  const failed = part.sections.filter((section) => diagnostics.sections[section].status === 'error');
  const forbidden = part.sections.filter((section) => diagnostics.sections[section].status === 'forbidden');
  return (
    <>
      {failed.map((section) => (
        <div key={section} className="section-failed" role="alert" data-section={section}>
          <p>
            <strong>Not loaded:</strong> {section.replace(':', ' · ')} —{' '}
            {diagnostics.sections[section].message ?? 'the EHR did not answer'}. This list may be incomplete.
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
      {forbidden.map((section) => (
        <p key={section} className="notice" data-section={section}>
          {section.replace(':', ' · ')} was not shared with Chartside by the EHR.
        </p>
      ))}
    </>
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
  const partProps = { ...sectionProps, done, stopped };
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
          empty="No active problems recorded."
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
          empty="No current medications recorded."
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
          empty="No allergies recorded."
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
          <p className="placeholder">No laboratory results recorded.</p>
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
    </section>
  );
}

function RecordPart({
  part,
  done,
  stopped,
  children,
  ...sectionProps
}: { readonly part: Part; readonly children: ReactNode } & Omit<RecordPanelProps, 'context'>) {
  return (
    <>
      <h3>{part.title}</h3>
      {part.needs.every((section) => done.has(section)) ? (
        <>
          <SectionProblems part={part} {...sectionProps} />
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
  const covered = new Set(PARTS.flatMap((part) => part.sections));
  const failed = RECORD_SECTION_IDS.filter(
    (section) => !covered.has(section) && diagnostics.sections[section].status === 'error',
  );
  if (failed.length === 0) return null;
  return (
    <>
      <h3>Also not loaded</h3>
      <SectionProblems
        part={{ sections: failed }}
        diagnostics={diagnostics}
        retrying={retrying}
        onRetry={onRetry}
      />
    </>
  );
}
