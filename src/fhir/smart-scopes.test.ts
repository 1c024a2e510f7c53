import { describe, expect, it } from 'vitest';
import {
  isRequestGranted,
  parseGrantedScopes,
  parseResourceScope,
  type ScopedRequest,
} from './smart-scopes.ts';

const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';

describe('parseResourceScope', () => {
  it.each([
    ['patient/Observation.read', 'patient', 'Observation', 'rs'],
    ['user/*.read', 'user', '*', 'rs'],
    ['patient/*.*', 'patient', '*', 'cruds'],
    ['patient/Condition.write', 'patient', 'Condition', 'cud'],
    ['patient/Observation.rs', 'patient', 'Observation', 'rs'],
    ['patient/Observation.s', 'patient', 'Observation', 's'],
    ['user/Patient.r', 'user', 'Patient', 'r'],
    ['patient/*.cruds', 'patient', '*', 'cruds'],
  ])('%s → %s %s %s', (scope, level, resourceType, permissions) => {
    const parsed = parseResourceScope(scope);
    expect(parsed?.level).toBe(level);
    expect(parsed?.resourceType).toBe(resourceType);
    expect([...(parsed?.permissions ?? [])].join('')).toBe(permissions);
  });

  it.each([
    'launch',
    'openid',
    'fhirUser',
    'launch/patient',
    'offline_access',
    'system/Observation.rs',
    'patient/Observation.sr',
    'patient/Observation.',
    'patient/observation.rs',
    'patient/Observation.read?category=laboratory',
    'patient/Observation.rsx',
  ])('ignores %s', (scope) => {
    expect(parseResourceScope(scope)).toBeUndefined();
  });

  it('keeps a v2 search restriction', () => {
    expect(parseResourceScope(`patient/Observation.rs?category=${LAB}`)?.restrictions.get('category')).toBe(
      LAB,
    );
  });
});

describe('isRequestGranted', () => {
  const search = (resourceType: string, params: Record<string, string> = {}): ScopedRequest => ({
    resourceType,
    interaction: 'search',
    params,
  });
  const read = (resourceType: string): ScopedRequest => ({ resourceType, interaction: 'read' });

  it.each<[string, ScopedRequest, boolean]>([
    ['patient/*.rs', search('Observation', { category: 'laboratory' }), true],
    ['patient/*.read', search('Goal'), true],
    ['patient/*.read', read('Patient'), true],
    ['user/*.read', search('Condition'), true],
    ['patient/Observation.rs', search('Condition'), false],
    ['patient/Observation.r', search('Observation'), false],
    ['patient/Observation.s', read('Observation'), false],
    ['patient/Patient.r', read('Patient'), true],
    ['patient/Condition.write', search('Condition'), false],
    [`patient/Observation.rs?category=${LAB}`, search('Observation', { category: 'laboratory' }), true],
    [`patient/Observation.rs?category=${LAB}`, search('Observation', { category: LAB }), true],
    [`patient/Observation.rs?category=${LAB}`, search('Observation', { category: 'vital-signs' }), false],
    [`patient/Observation.rs?category=${LAB}`, search('Observation'), false],
    ['system/*.rs', search('Observation'), false],
    ['launch openid', read('Patient'), false],
  ])('%s allows %o: %s', (granted, request, expected) => {
    expect(isRequestGranted(parseGrantedScopes(granted), request)).toBe(expected);
  });

  it('reads the token response scope string and lists alike', () => {
    const fromString = parseGrantedScopes('launch openid  patient/Observation.rs patient/Patient.r');
    const fromList = parseGrantedScopes(['launch', 'patient/Observation.rs', 'patient/Patient.r']);
    expect(fromString).toHaveLength(2);
    expect(fromList).toHaveLength(2);
  });
});
