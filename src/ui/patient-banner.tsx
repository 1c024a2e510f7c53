// Chartside's own patient banner, shown when the EHR does not show one around the app (need_patient_banner).
import type { Patient } from 'fhir/r4';
import { ageReferenceDate, ageYears, formatPatientName, isDeceased, sexLabel } from './patient-display.ts';

export function PatientBanner({ patient, now }: { readonly patient: Patient; readonly now: Date }) {
  const name = formatPatientName(patient);
  const age = ageYears(patient.birthDate, ageReferenceDate(patient, now));
  const sex = sexLabel(patient.gender);
  return (
    <header className="patient-banner" aria-label="Patient banner">
      <p className="patient-name">{name ?? 'Name not recorded'}</p>
      <dl className="patient-facts">
        <div>
          <dt>Age</dt>
          <dd>{age === undefined ? 'Not recorded' : `${age} ${age === 1 ? 'year' : 'years'}`}</dd>
        </div>
        <div>
          <dt>Sex</dt>
          <dd>{sex ?? 'Not recorded'}</dd>
        </div>
        <div>
          <dt>Born</dt>
          <dd>{patient.birthDate ?? 'Not recorded'}</dd>
        </div>
        {isDeceased(patient) ? (
          <div>
            <dt>Status</dt>
            <dd>
              Deceased
              {patient.deceasedDateTime === undefined ? '' : ` ${patient.deceasedDateTime.slice(0, 10)}`}
            </dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}
