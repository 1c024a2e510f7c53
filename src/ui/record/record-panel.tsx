// The Record region: active problems, current medications, allergies and recent results, from the clinical
// context the suggestions were built from. A part whose FHIR section failed to load says so and can be retried;
// a part the EHR did not share says that instead of looking empty.
import type { ClinicalContext } from '../../context/clinical-context.ts';
import type { ObservationSeries } from '../../context/observation-series.ts';
import { formatUnit } from '../../context/ucum-units.ts';
import type { LoadDiagnostics } from '../../fhir/load-patient-record.ts';
import { RECORD_SECTION_IDS, type RecordSectionId } from '../../fhir/record-sections.ts';
import { formatDaysAgo, formatValue } from '../format.ts';

export interface RecordPanelProps {
  readonly context: ClinicalContext | undefined;
  readonly diagnostics: LoadDiagnostics | undefined;
  readonly retrying: ReadonlySet<RecordSectionId>;
  readonly onRetry: (section: RecordSectionId) => void;
}

interface Part {
  readonly id: string;
  readonly title: string;
  /** The FHIR sections whose failure leaves this part incomplete. */
  readonly sections: readonly RecordSectionId[];
}

const PARTS: readonly Part[] = [
  {
    id: 'problems',
    title: 'Problems',
    sections: ['Condition:problem-list-item', 'Condition:encounter-diagnosis', 'Condition:health-concern'],
  },
  {
    id: 'medications',
    title: 'Medications',
    sections: ['MedicationRequest', 'MedicationStatement', 'Medication'],
  },
  { id: 'allergies', title: 'Allergies', sections: ['AllergyIntolerance'] },
  { id: 'results', title: 'Recent results', sections: ['Observation:laboratory', 'Observation:vital-signs'] },
];

const RECENT_RESULTS_SHOWN = 12;

function SectionProblems({
  part,
  diagnostics,
  retrying,
  onRetry,
}: { readonly part: Part } & Omit<RecordPanelProps, 'context'>) {
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

export function RecordPanel({ context, diagnostics, retrying, onRetry }: RecordPanelProps) {
  const problems = (id: string): Part =>
    PARTS.find((part) => part.id === id) ?? { id, title: id, sections: [] };
  const sectionProps = { diagnostics, retrying, onRetry };
  return (
    <section className="panel record-panel" aria-labelledby="record-heading" id="record">
      <h2 id="record-heading">Record</h2>
      {context === undefined ? (
        <p className="placeholder" aria-busy="true">
          The record summary appears once it has loaded.
        </p>
      ) : (
        <>
          {context.policy.withheldSensitiveCount > 0 ? (
            <p className="notice">
              {context.policy.withheldSensitiveCount} sensitive{' '}
              {context.policy.withheldSensitiveCount === 1 ? 'entry is' : 'entries are'} left out of this
              summary and of what the AI model sees. The chart in your EHR shows them.
            </p>
          ) : null}

          <h3>Problems</h3>
          <SectionProblems part={problems('problems')} {...sectionProps} />
          {context.problems.length === 0 ? (
            <p className="placeholder">No active problems recorded.</p>
          ) : (
            <ul className="record-list">
              {context.problems.map((problem) => (
                <li key={`${problem.source.resourceType}/${problem.source.id}`}>
                  <span className="item-name">{problem.name}</span>
                  <span className="item-detail">
                    {problem.onsetDaysAgo === undefined
                      ? 'onset not recorded'
                      : `since ${formatDaysAgo(problem.onsetDaysAgo, context.timeReference)}`}
                    {problem.verification === undefined ? '' : ` · ${problem.verification}`}
                  </span>
                </li>
              ))}
            </ul>
          )}

          <h3>Medications</h3>
          <SectionProblems part={problems('medications')} {...sectionProps} />
          {context.medications.length === 0 ? (
            <p className="placeholder">No current medications recorded.</p>
          ) : (
            <ul className="record-list">
              {context.medications.map((medication) => (
                <li key={`${medication.source.resourceType}/${medication.source.id}`}>
                  <span className="item-name">{medication.name}</span>
                  <span className="item-detail">
                    {[
                      medication.dosage,
                      medication.status === 'active' ? undefined : medication.status,
                      medication.lastDaysAgo === undefined
                        ? undefined
                        : `ordered ${formatDaysAgo(medication.lastDaysAgo, context.timeReference)}`,
                    ]
                      .filter((part) => part !== undefined)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}

          <h3>Allergies</h3>
          <SectionProblems part={problems('allergies')} {...sectionProps} />
          {context.allergies.length === 0 ? (
            <p className="placeholder">No allergies recorded.</p>
          ) : (
            <ul className="record-list">
              {context.allergies.map((allergy) => (
                <li key={`${allergy.source.resourceType}/${allergy.source.id}`}>
                  <span className="item-name">{allergy.name}</span>
                  <span className="item-detail">
                    {[
                      allergy.reactions.flatMap((reaction) => reaction.manifestations).join(', ') ||
                        undefined,
                      allergy.criticality === undefined ? undefined : `criticality ${allergy.criticality}`,
                    ]
                      .filter((part) => part !== undefined)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}

          <h3>Recent results</h3>
          <SectionProblems part={problems('results')} {...sectionProps} />
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
                          {INTERPRETATION_LABELS[series.latest.interpretation] ??
                            series.latest.interpretation}
                        </span>
                      )}
                    </td>
                    <td>{formatDaysAgo(series.latest.daysAgo, context.timeReference)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <OtherFailures diagnostics={diagnostics} retrying={retrying} onRetry={onRetry} />
        </>
      )}
    </section>
  );
}

/** Failed sections that none of the parts above shows (encounters, procedures, notes …). */
function OtherFailures({ diagnostics, retrying, onRetry }: Omit<RecordPanelProps, 'context'>) {
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
        part={{ id: 'other', title: 'Other', sections: failed }}
        diagnostics={diagnostics}
        retrying={retrying}
        onRetry={onRetry}
      />
    </>
  );
}
