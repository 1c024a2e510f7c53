// Procedures, by SNOMED CT, that end a screening's indication (USPSTF).

/** Hysterectomy with removal of the cervix: no cervical screening after it (USPSTF 2018). */
export const SNOMED_HYSTERECTOMY: ReadonlySet<string> = new Set(['236886002', '116140006', '116144002']);
/** Total colectomy: no colorectal screening after it (USPSTF 2021). */
export const SNOMED_TOTAL_COLECTOMY: ReadonlySet<string> = new Set(['26390003', '307666008']);
