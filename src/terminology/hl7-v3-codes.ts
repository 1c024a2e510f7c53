// HL7 v3 codes FHIR R4 binds to, as short words for the model and the Record panel.

/** HL7 v3 ActCode encounter classes (FHIR R4 Encounter.class). */
export const ENCOUNTER_CLASS_LABELS: Readonly<Record<string, string>> = {
  AMB: 'outpatient',
  EMER: 'ED',
  IMP: 'inpatient',
  ACUTE: 'inpatient',
  NONAC: 'inpatient',
  OBSENC: 'observation',
  PRENC: 'pre-admission',
  SS: 'short stay',
  VR: 'virtual',
  HH: 'home health',
  FLD: 'field',
};

/** HL7 v3 RoleCode family relationships (FHIR R4 FamilyMemberHistory.relationship). */
export const FAMILY_RELATIONSHIP_LABELS: Readonly<Record<string, string>> = {
  FTH: 'father',
  MTH: 'mother',
  PRN: 'parent',
  BRO: 'brother',
  SIS: 'sister',
  SIB: 'sibling',
  SON: 'son',
  DAU: 'daughter',
  CHILD: 'child',
  GRFTH: 'grandfather',
  GRMTH: 'grandmother',
  GRPRN: 'grandparent',
  PGRFTH: 'paternal grandfather',
  PGRMTH: 'paternal grandmother',
  MGRFTH: 'maternal grandfather',
  MGRMTH: 'maternal grandmother',
  UNCLE: 'uncle',
  AUNT: 'aunt',
  COUSN: 'cousin',
  HBRO: 'half-brother',
  HSIS: 'half-sister',
  NBRO: 'brother',
  NSIS: 'sister',
  NFTH: 'father',
  NMTH: 'mother',
};
