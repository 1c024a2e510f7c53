// The stand-in imitates an EHR's search support, kept apart from Chartside's own table of what a record holds
// (src/record/patient-record.ts): it must never be derived from the app it tests. This test holds the two
// together: every type the record reads is served by every profile, except where a vendor's documentation says
// it is not (MedicationStatement on Epic and Oracle Health), and the patient is searchable by `patient`.
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../../src/record/patient-record.ts';
import { findResourceSpec } from './fhir-resources.ts';
import { findProfile } from './profiles.ts';

describe('the stand-in serves what a record reads', () => {
  it.each(['sandbox', 'epic', 'oracle'])('%s', (profileId) => {
    const profile = findProfile(profileId);
    if (profile === undefined) throw new Error(`no profile ${profileId}`);
    for (const type of RECORD_TYPES) {
      const spec = findResourceSpec(profile, type.resourceType);
      if (type.scope === 'optional' && profileId !== 'sandbox') {
        expect(spec, `${profileId} ${type.resourceType}`).toBeUndefined();
        continue;
      }
      expect(spec, `${profileId} ${type.resourceType}`).toBeDefined();
      if (type.load === 'search' || type.load === 'search-by-category')
        expect(spec?.patientParams.length, `${profileId} ${type.resourceType}`).toBeGreaterThan(0);
    }
  });
});
