// The EHR simulator: server-rendered pages that play the part of the EHR's own screens. `/ehr/` lists the
// fixture patients under a chosen EHR profile; `/ehr/chart/<id>` is a stand-in native chart with Chartside
// beside it in an iframe, opened through a real SMART EHR launch (`/launch?iss=…&launch=…`), the way Epic
// and Oracle Health embed SMART apps in an activity or sidebar. Every value is HTML-escaped: patient
// names and problem texts come from fixtures, and the query string comes from whoever typed the URL.
import { problemLabel, rankKeyProblems } from './key-problems.ts';
import { encodeLaunchContext } from './launch-context.ts';
import type { PatientSummary } from './patient-store.ts';
import { EHR_PROFILES, findProfile, type EhrProfile } from './profiles.ts';
import { escapeHtml, html } from './responses.ts';
import type { StandInContext } from './stand-in-context.ts';

const SIMULATOR_PATH = '/ehr';
const CHART_PATH = `${SIMULATOR_PATH}/chart/`;
/** How many active problems the patient list shows per row before "+N more". */
const KEY_PROBLEM_COUNT = 3;
/** The app's icon (public/favicon.svg): without a link the browser asks for /favicon.ico. */
const FAVICON_PATH = '/favicon.svg';
/** Roughly the width Epic and Oracle Health give an embedded SMART app in a chart sidebar. */
const SIDEBAR_WIDTH_PX = 420;

/** Answers the simulator's pages; undefined for any path that is not one of them. */
export function handleSimulatorRequest(
  request: Request,
  url: URL,
  context: StandInContext,
): Promise<Response | undefined> {
  return Promise.resolve(simulatorResponse(request, url, context));
}

function simulatorResponse(request: Request, url: URL, context: StandInContext): Response | undefined {
  const isListPath = url.pathname === SIMULATOR_PATH || url.pathname === `${SIMULATOR_PATH}/`;
  const isChartPath = url.pathname.startsWith(CHART_PATH);
  if (!isListPath && !isChartPath) return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return page('Method not allowed', `<p>The EHR simulator pages only answer GET.</p>`, 405);
  }

  const profileId = url.searchParams.get('profile') ?? 'sandbox';
  const profile = findProfile(profileId);
  if (!profile) return unknownProfilePage(profileId);

  const today = new Date(context.nowMs());
  if (isListPath) return patientListPage(profile, context.patients.list(), today);

  const patientId = decodePathSegment(url.pathname.slice(CHART_PATH.length));
  const patient = patientId === undefined ? undefined : context.patients.get(patientId);
  if (!patient) return unknownPatientPage(profile, patientId ?? url.pathname.slice(CHART_PATH.length));
  return chartPage(profile, patient, url.origin, today);
}

function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------- pages

function patientListPage(profile: EhrProfile, patients: readonly PatientSummary[], today: Date): Response {
  const rows = patients
    .map((patient) => {
      const problems = keyProblems(patient.activeProblems);
      return `<tr>
  <td><a href="${escapeHtml(chartHref(profile, patient.id))}">${escapeHtml(patient.name)}</a></td>
  <td>${escapeHtml(ageLabel(patient, today))}</td>
  <td>${escapeHtml(sexLabel(patient.gender))}</td>
  <td>${escapeHtml(problems)}</td>
</tr>`;
    })
    .join('\n');
  const body = `${profileSwitch(profile)}
<h1>EHR simulator</h1>
<p class="hint">A stand-in for the EHR's own screens. Open a patient: their chart opens with Chartside beside it,
launched the way ${escapeHtml(profile.label)} launches a SMART app.</p>
<table>
  <caption>Patients (${patients.length})</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Age</th><th scope="col">Sex</th><th scope="col">Key problems</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>`;
  return page('EHR simulator', body);
}

function chartPage(profile: EhrProfile, patient: PatientSummary, origin: string, today: Date): Response {
  const iss = `${origin}${profile.fhirBasePath}`;
  const launch = encodeLaunchContext({
    patient: patient.id,
    // SMART's launch context carries the encounter's id, not a reference (App Launch 2.2, "encounter").
    ...(patient.latestEncounter ? { encounter: patient.latestEncounter.replace(/^Encounter\//, '') } : {}),
  });
  const launchSrc = `/launch?iss=${encodeURIComponent(iss)}&launch=${encodeURIComponent(launch)}`;
  const standaloneHref = `/launch?iss=${encodeURIComponent(iss)}`;
  const deathDate = patient.deceasedDateTime?.slice(0, 10);
  const ageAtDeath =
    deathDate === undefined ? undefined : ageInYears(patient.birthDate, new Date(`${deathDate}T00:00:00Z`));
  const ageOrDeath =
    deathDate === undefined
      ? escapeHtml(ageLabel(patient, today))
      : `<span class="deceased">Deceased ${escapeHtml(deathDate)}${ageAtDeath === undefined ? '' : `, aged ${ageAtDeath} y`}</span>`;
  const body = `<div class="chart">
  <div class="record">
    <nav class="crumbs"><a href="${escapeHtml(listHref(profile))}">&larr; Patient list</a>
      <span class="profile-tag">${escapeHtml(profile.label)}</span>
      <a href="${escapeHtml(standaloneHref)}" target="_blank" rel="noopener">Standalone launch</a></nav>
    <section class="banner" aria-label="Chart banner">
      <h1>${escapeHtml(patient.name)}</h1>
      <p>${ageOrDeath} &middot; ${escapeHtml(sexLabel(patient.gender))} &middot; DOB ${escapeHtml(patient.birthDate || 'unknown')}</p>
    </section>
    ${listSection('Problem list', patient.activeProblems, 'No active problems recorded')}
    ${listSection('Medications', patient.activeMedications, 'No active medications recorded')}
    ${listSection('Allergies', patient.allergies, 'No allergies recorded')}
  </div>
  <aside class="sidebar" aria-label="Chartside">
    <iframe title="Chartside" src="${escapeHtml(launchSrc)}"></iframe>
  </aside>
</div>`;
  return page(`${patient.name}: chart`, body, 200, 'chart-layout');
}

function unknownPatientPage(profile: EhrProfile, patientId: string): Response {
  const body = `<h1>No such patient</h1>
<p>The EHR simulator has no patient with id <code>${escapeHtml(patientId)}</code>.</p>
<p><a href="${escapeHtml(listHref(profile))}">Back to the patient list</a></p>`;
  return page('No such patient', body, 404);
}

function unknownProfilePage(profileId: string): Response {
  const links = EHR_PROFILES.map(
    (profile) =>
      `<li><a href="${escapeHtml(listHref(profile))}">${escapeHtml(profile.label)}</a> (<code>${escapeHtml(profile.id)}</code>)</li>`,
  ).join('');
  const body = `<h1>No such EHR profile</h1>
<p>The EHR simulator has no profile <code>${escapeHtml(profileId)}</code>. Pick one of:</p>
<ul>${links}</ul>`;
  return page('No such EHR profile', body, 404);
}

// ------------------------------------------------------------------------------------------ fragments

function profileSwitch(current: EhrProfile): string {
  const tabs = EHR_PROFILES.map((profile) => {
    const selected = profile.id === current.id;
    return `<a href="${escapeHtml(listHref(profile))}"${selected ? ' aria-current="page" class="selected"' : ''}>${escapeHtml(profile.label)}</a>`;
  }).join('');
  return `<nav class="profiles" aria-label="EHR profile">${tabs}</nav>`;
}

/** An empty list says "none recorded": "No known allergies" would assert an NKA the record does not hold. */
function listSection(title: string, items: readonly string[], empty: string): string {
  const content = items.length
    ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
    : `<p class="empty">${escapeHtml(empty)}</p>`;
  return `<section><h2>${escapeHtml(title)}</h2>${content}</section>`;
}

function page(title: string, body: string, status = 200, bodyClass = ''): Response {
  return html(
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<style>${STYLE}</style>
</head>
<body${bodyClass ? ` class="${escapeHtml(bodyClass)}"` : ''}>
<header class="ehr-bar">EHR simulator <span>(stand-in EHR for Chartside development; synthetic patients)</span></header>
<main>
${body}
</main>
</body>
</html>`,
    status,
  );
}

// -------------------------------------------------------------------------------------------- helpers

function listHref(profile: EhrProfile): string {
  return `${SIMULATOR_PATH}/?profile=${encodeURIComponent(profile.id)}`;
}

function chartHref(profile: EhrProfile, patientId: string): string {
  return `${CHART_PATH}${encodeURIComponent(patientId)}?profile=${encodeURIComponent(profile.id)}`;
}

/** Whole years from `birthDate` (YYYY-MM-DD) to `today` (UTC), "deceased" for the dead, "unknown" without a date. */
export function ageLabel(
  patient: Pick<PatientSummary, 'birthDate' | 'deceasedDateTime'>,
  today: Date,
): string {
  if (patient.deceasedDateTime) return 'deceased';
  const ageYears = ageInYears(patient.birthDate, today);
  return ageYears === undefined ? 'unknown' : `${ageYears} y`;
}

export function ageInYears(birthDate: string, today: Date): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const hadBirthday =
    today.getUTCMonth() + 1 > month || (today.getUTCMonth() + 1 === month && today.getUTCDate() >= day);
  const ageYears = today.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
  return ageYears >= 0 ? ageYears : undefined;
}

function sexLabel(gender: string): string {
  switch (gender) {
    case 'male':
      return 'M';
    case 'female':
      return 'F';
    default:
      return gender ? gender.charAt(0).toUpperCase() + gender.slice(1) : 'Unknown';
  }
}

/**
 * A few active problems for the list, by clinical weight (key-problems.ts: heart failure before anemia, social
 * findings left out), SNOMED's semantic tag dropped for reading, "+N more" for the rest.
 */
export function keyProblems(activeProblems: readonly string[]): string {
  const ranked = rankKeyProblems(activeProblems);
  if (ranked.length === 0) return '—';
  const shown = ranked.slice(0, KEY_PROBLEM_COUNT).map(problemLabel);
  const more = ranked.length - shown.length;
  return more > 0 ? `${shown.join(', ')} +${more} more` : shown.join(', ');
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2430;background:#eef1f5}
.ehr-bar{background:#24415f;color:#fff;padding:8px 16px;font-weight:600}
.ehr-bar span{font-weight:400;opacity:.8;font-size:12px;margin-left:6px}
main{padding:16px}
h1{font-size:20px;margin:8px 0}
h2{font-size:14px;margin:0 0 6px;text-transform:uppercase;letter-spacing:.04em;color:#44546a}
a{color:#1657a6}
.hint{color:#44546a;max-width:60em}
.profiles{display:flex;gap:4px;border-bottom:2px solid #24415f}
.profiles a{padding:6px 12px;background:#dde4ec;border-radius:6px 6px 0 0;text-decoration:none;color:#1b2430}
.profiles a.selected{background:#24415f;color:#fff}
table{border-collapse:collapse;background:#fff;width:100%;max-width:1100px}
caption{text-align:left;font-weight:600;padding:6px 0}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #d5dce4;vertical-align:top}
thead th{background:#f4f6f9}
body.chart-layout main{padding:0}
.chart{display:flex;height:calc(100vh - 37px)}
.record{flex:1;overflow:auto;padding:12px 16px;min-width:0}
.crumbs{display:flex;gap:12px;align-items:center}
.profile-tag{background:#dde4ec;border-radius:4px;padding:1px 8px;font-size:12px}
.banner{background:#fff;border-left:4px solid #24415f;padding:8px 12px;margin:10px 0}
.banner p{margin:0}
.deceased{background:#5b2333;color:#fff;border-radius:4px;padding:1px 6px}
section{background:#fff;padding:10px 12px;margin-bottom:10px}
section ul{margin:0;padding-left:18px}
.empty{color:#6b7785;margin:0}
.sidebar{width:${SIDEBAR_WIDTH_PX}px;flex:none;border-left:1px solid #b9c3cf;background:#fff}
.sidebar iframe{width:100%;height:100%;border:0;display:block}
`;
