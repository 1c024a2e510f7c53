// What to request: a section is requested only if the server's CapabilityStatement offers the interaction and
// the granted scopes allow it. A type that was not granted is never requested (the EHR would answer 403 and
// some log it as an access violation); the section says so instead.
import type { CapabilityStatement } from 'fhir/r4';
import type { RecordSection } from '../record/record-sections.ts';
import {
  isRequestGranted,
  type FhirInteraction,
  type ResourceScope,
  type ScopedRequest,
} from './smart-scopes.ts';

export const NOT_PERMITTED_MESSAGE = "not permitted by this EHR's grant";

/** Per resource type, the interactions the server lists, or `unlisted` when it lists none (FHIR allows that). */
export type ServerCapabilities = ReadonlyMap<string, ReadonlySet<string> | 'unlisted'>;

export type SectionDecision =
  | { readonly request: true }
  | { readonly request: false; readonly status: 'forbidden' | 'not-supported'; readonly message: string };

/** The resource types and interactions of the server's `rest` entries (mode `server`). */
export function readServerCapabilities(statement: CapabilityStatement): ServerCapabilities {
  const capabilities = new Map<string, Set<string> | 'unlisted'>();
  for (const rest of statement.rest ?? []) {
    if (rest.mode !== 'server') continue;
    for (const resource of rest.resource ?? []) {
      if (resource.interaction === undefined || resource.interaction.length === 0) {
        if (!capabilities.has(resource.type)) capabilities.set(resource.type, 'unlisted');
        continue;
      }
      const existing = capabilities.get(resource.type);
      const interactions = existing instanceof Set ? existing : new Set<string>();
      for (const interaction of resource.interaction) interactions.add(interaction.code);
      capabilities.set(resource.type, interactions);
    }
  }
  return capabilities;
}

/**
 * Whether the server offers this interaction on this type. Without a CapabilityStatement (the server failed
 * to send one) everything counts as offered: the requests themselves will tell.
 */
export function isInteractionSupported(
  capabilities: ServerCapabilities | undefined,
  resourceType: string,
  interaction: FhirInteraction,
): boolean {
  if (capabilities === undefined) return true;
  const interactions = capabilities.get(resourceType);
  if (interactions === undefined) return false;
  if (interactions === 'unlisted') return true;
  return interactions.has(interaction === 'read' ? 'read' : 'search-type');
}

export function decideSection(
  section: RecordSection,
  capabilities: ServerCapabilities | undefined,
  scopes: readonly ResourceScope[],
): SectionDecision {
  const request = sectionScopedRequest(section);
  if (!isInteractionSupported(capabilities, request.resourceType, request.interaction)) {
    return { request: false, status: 'not-supported', message: notSupportedMessage(section) };
  }
  if (!isRequestGranted(scopes, request))
    return { request: false, status: 'forbidden', message: NOT_PERMITTED_MESSAGE };
  return { request: true };
}

export function notSupportedMessage(section: RecordSection): string {
  const request = sectionScopedRequest(section);
  return `this EHR does not offer ${request.resourceType} ${request.interaction} (CapabilityStatement)`;
}

/** Whether the CapabilityStatement (when known) lists the interaction this section needs. */
export function isSectionSupported(
  section: RecordSection,
  capabilities: ServerCapabilities | undefined,
): boolean {
  const request = sectionScopedRequest(section);
  return isInteractionSupported(capabilities, request.resourceType, request.interaction);
}

/** The request a section makes, as the scope check sees it. */
export function sectionScopedRequest(section: RecordSection): ScopedRequest {
  switch (section.kind) {
    case 'patient-read':
    case 'medication-reads':
      return { resourceType: section.resourceType, interaction: 'read' };
    case 'search':
      return { resourceType: section.resourceType, interaction: 'search', params: section.params };
  }
}
