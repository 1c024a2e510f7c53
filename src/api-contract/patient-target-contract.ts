// What every /api request names: the EHR (its FHIR base, SMART `iss`) and the patient. The server checks both
// against the caller's SMART session before anything else.
import { z } from '../shared/zod-mini.ts';

/** FHIR resource id (R4 §2.26.0.1 `id`): 1–64 of A–Z a–z 0–9 - . */
export const FHIR_ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export const patientTargetShape = {
  iss: z.string().check(z.minLength(1, 'iss is required'), z.maxLength(2_048)),
  patientId: z.string().check(z.regex(FHIR_ID_PATTERN, 'patientId must be a FHIR id')),
};
