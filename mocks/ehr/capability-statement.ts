// `{iss}/metadata`: the CapabilityStatement of a profile's FHIR server. SMART App Launch 2.2 §Conformance still lets
// clients find the OAuth endpoints in `rest[0].security` (the oauth-uris extension), as Epic's and Oracle Health's
// metadata carry them; the resource list tells a record loader which types and search parameters it may use.
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';
import { oauthEndpoints } from './discovery.ts';
import { supportedResourceSpecs, type ResourceSpec } from './fhir-resources.ts';
import type { EhrProfile } from './profiles.ts';

export const OAUTH_URIS_EXTENSION = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';
export const RESTFUL_SECURITY_SERVICE_SYSTEM =
  'http://terminology.hl7.org/CodeSystem/restful-security-service';

/** When this statement's content last changed (CapabilityStatement.date is required). */
const STATEMENT_DATE = '2026-11-25';

export function buildCapabilityStatement(profile: EhrProfile, origin: string): CapabilityStatement {
  const fhirBase = `${origin}${profile.fhirBasePath}`;
  const endpoints = oauthEndpoints(profile, origin);
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Chartside EHR stand-in',
    kind: 'instance',
    software: { name: `Chartside EHR stand-in (${profile.label})` },
    implementation: { description: `${profile.label} FHIR R4 server over Synthea fixtures`, url: fhirBase },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation: pagingDocumentation(profile),
        security: {
          cors: true,
          extension: [
            {
              url: OAUTH_URIS_EXTENSION,
              extension: [
                { url: 'authorize', valueUri: endpoints.authorize },
                { url: 'token', valueUri: endpoints.token },
              ],
            },
          ],
          service: [
            {
              coding: [{ system: RESTFUL_SECURITY_SERVICE_SYSTEM, code: 'SMART-on-FHIR' }],
              text: 'OAuth2 using SMART-on-FHIR profile (see https://hl7.org/fhir/smart-app-launch/)',
            },
          ],
        },
        resource: supportedResourceSpecs(profile).map((spec) => restResource(profile, spec)),
      },
    ],
  };
}

function restResource(profile: EhrProfile, spec: ResourceSpec): CapabilityStatementRestResource {
  const notes: string[] = [];
  if (spec.compartment === 'member') {
    notes.push(`Search requires ${spec.patientParams.join(' or ')} naming the patient in context.`);
  }
  if (spec.type === 'Observation' && profile.observationRequiresCategory) {
    notes.push('Search requires category.');
  }
  return {
    type: spec.type,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: spec.searchParams.map((param) => ({ name: param.name, type: param.type })),
    ...(notes.length > 0 ? { documentation: notes.join(' ') } : {}),
  };
}

function pagingDocumentation(profile: EhrProfile): string {
  const order = profile.newestFirst ? 'newest first' : 'oldest first';
  return (
    `Searches return ${profile.defaultPageSize} entries per page by default and at most ${profile.maxPageSize} ` +
    `(_count); results are ordered by date, ${order}, unless _sort=date or _sort=-date is given.`
  );
}
