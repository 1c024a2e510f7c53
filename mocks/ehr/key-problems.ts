// Which of a patient's active problems the simulator's patient list shows first: by clinical weight, the way a
// clinician scanning a ward list reads it (cancer, heart failure, CKD and diabetes say more about a patient than
// anemia or sinusitis), not alphabetically ("Anemia" first for nearly every Synthea patient). Problem texts are
// Synthea's SNOMED CT display names, some with the semantic tag ("(disorder)", "(finding)", "(situation)").
//
// A display aid for the stand-in only: Chartside itself never ranks problems by text.

/** Ranked tiers, heaviest first; a problem takes the first tier whose pattern its text matches. */
const PROBLEM_TIERS: readonly { readonly tier: string; readonly pattern: RegExp }[] = [
  {
    tier: 'malignancy',
    pattern: /malignant|carcinoma|cancer|lymphoma|leuka?emia|melanoma|myeloma|sarcoma|neoplasm of/i,
  },
  { tier: 'heart failure', pattern: /heart failure/i },
  {
    tier: 'chronic kidney disease',
    pattern: /chronic kidney disease|end.stage renal|renal disease|nephropathy/i,
  },
  // Diabetes itself, not its complications (those come after the other major conditions, below).
  {
    tier: 'diabetes',
    pattern: /^(?:type [12] )?diabetes(?: mellitus)?(?: type [12])?\b(?!.*\b(?:due to|with)\b)/i,
  },
  { tier: 'coronary artery disease', pattern: /coronary|myocardial infarction|angina|ischemic heart/i },
  { tier: 'atrial fibrillation', pattern: /atrial fibrillation|atrial flutter/i },
  { tier: 'stroke', pattern: /stroke|cerebrovascular|cerebral infarction/i },
  { tier: 'dementia', pattern: /alzheimer|dementia/i },
  { tier: 'COPD', pattern: /chronic obstructive|\bcopd\b|emphysema|chronic bronchitis/i },
  { tier: 'hypertension', pattern: /hypertension|hypertensive/i },
  {
    tier: 'other chronic disease',
    pattern:
      /hyperlipidemia|hypercholesterol|asthma|epilepsy|seizure disorder|alcoholism|drug (?:abuse|dependence)|opioid|osteoporosis|hypothyroid|rheumatoid|depress|schizophren|bipolar|parkinson|cirrhosis|hepatitis|hiv/i,
  },
];
/** Any other disorder ranks below the tiers and above the minor and incidental ones Synthea records often. */
const MINOR_PATTERN =
  /diabet|anemia|sinusitis|otitis|rhinitis|pharyngitis|bronchitis|prediabetes|metabolic syndrome|hyperglycemia|hypertriglyceridemia|osteoarthritis|polyp|sprain|fracture|laceration|appendicitis|rupture of appendix|miscarriage|concussion|contusion|dermatitis|\bviral\b|infection/i;
/** Findings and situations (BMI 30+, "History of …", with or without the tag) after every disorder. */
const FINDING_TAG = /\((?:finding|situation|person)\)$|^history of /i;
/**
 * Social determinants, which Synthea records as Conditions tagged "(finding)" from its SDOH screening
 * (employment, education, housing, transport, stress, isolation, violence): facts about a patient's life, not
 * the problems a patient list summarises.
 */
const SOCIAL_FINDING =
  /employ|labou?r force|education|educated|school|criminal record|social isolation|social contact|stress|violence|abuse|housing|homeless|transport|armed forces|risk activity|refugee|income|lives alone|medication review due/i;
const SNOMED_FINDING_TAG = /\((?:finding|situation|person)\)$/;
const SEMANTIC_TAG = /\s*\((?:disorder|finding|situation|person)\)$/;

/** A problem's weight: lower is heavier. */
function weightOf(problem: string): number {
  if (FINDING_TAG.test(problem)) return PROBLEM_TIERS.length + 2;
  const index = PROBLEM_TIERS.findIndex(({ pattern }) => pattern.test(problem));
  if (index !== -1) return index;
  return MINOR_PATTERN.test(problem) ? PROBLEM_TIERS.length + 1 : PROBLEM_TIERS.length;
}

/** Social findings are not key problems at all. */
export function isSocialFinding(problem: string): boolean {
  return SNOMED_FINDING_TAG.test(problem) && SOCIAL_FINDING.test(problem);
}

/**
 * The active problems to list, heaviest first, social findings left out. Among the ranked conditions the heaviest
 * of each tier comes before a second of the same tier ("CKD stage 2, Diabetes, Hypertension" rather than "CKD
 * stage 2, CKD stage 1, Diabetic renal disease"); then other disorders, minor ones, findings. Within a tier a
 * higher CKD or cancer stage first, then alphabetical.
 */
export function rankKeyProblems(activeProblems: readonly string[]): string[] {
  const ranked = [...new Set(activeProblems)]
    .filter((problem) => problem !== '' && !isSocialFinding(problem))
    .sort((a, b) => weightOf(a) - weightOf(b) || stageOf(b) - stageOf(a) || a.localeCompare(b));
  const seenTiers = new Set<number>();
  const firsts: string[] = [];
  const repeats: string[] = [];
  const rest: string[] = [];
  for (const problem of ranked) {
    const weight = weightOf(problem);
    if (weight >= PROBLEM_TIERS.length) rest.push(problem);
    else (seenTiers.has(weight) ? repeats : firsts).push(problem);
    seenTiers.add(weight);
  }
  return [...firsts, ...repeats, ...rest];
}

/** The problem's text without its SNOMED semantic tag, for reading. */
export function problemLabel(problem: string): string {
  return problem.replace(SEMANTIC_TAG, '');
}

/** "Chronic kidney disease stage 3" -> 3 (0 without a stage). */
function stageOf(problem: string): number {
  const match = /\bstage (\d)/i.exec(problem);
  return match ? Number(match[1]) : 0;
}
