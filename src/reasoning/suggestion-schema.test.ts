import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MAX_SUGGESTIONS,
  modelAnswerSchema,
  modelSuggestionSchema,
  SUGGESTION_CATEGORIES,
  suggestionResponseFormat,
  toStrictJsonSchema,
} from './suggestion-schema.ts';

const VALID = {
  title: 'Metformin active with eGFR 28',
  category: 'medication-safety',
  urgency: 'urgent',
  rationale: 'eGFR 28.',
  recommendedAction: 'Review metformin.',
  evidence: ['L1'],
  quotedFacts: [{ alias: 'L1', text: 'eGFR 28' }],
};

/** Every object node of a JSON Schema, with its path. */
function objectNodes(node: unknown, path = '#'): { path: string; node: Record<string, unknown> }[] {
  if (typeof node !== 'object' || node === null) return [];
  if (Array.isArray(node)) return node.flatMap((item, index) => objectNodes(item, `${path}/${index}`));
  const record = node as Record<string, unknown>;
  return [
    { path, node: record },
    ...Object.entries(record).flatMap(([key, value]) => objectNodes(value, `${path}/${key}`)),
  ];
}

describe('toStrictJsonSchema', () => {
  const schema = toStrictJsonSchema(modelAnswerSchema);

  it('closes every object and requires every key (Azure strict mode)', () => {
    const objects = objectNodes(schema).filter(({ node }) => node['type'] === 'object');
    expect(objects.length).toBeGreaterThanOrEqual(3);
    for (const { path, node } of objects) {
      expect(node['additionalProperties'], path).toBe(false);
      expect([...(node['required'] as string[])].sort(), path).toEqual(
        Object.keys(node['properties'] as object).sort(),
      );
    }
  });

  it('leaves out $schema and every keyword strict mode rejects', () => {
    const text = JSON.stringify(schema);
    for (const keyword of [
      '$schema',
      'maxLength',
      'minLength',
      'maxItems',
      'minItems',
      'minimum',
      'maximum',
      'pattern',
    ]) {
      expect(text).not.toContain(`"${keyword}"`);
    }
  });

  it('keeps the enums and the field descriptions', () => {
    const text = JSON.stringify(schema);
    for (const category of SUGGESTION_CATEGORIES) expect(text).toContain(`"${category}"`);
    expect(text).toContain('"description"');
  });

  it('turns .nullable() into a type union and drops the ±2^53 bounds of .int()', () => {
    const strict = toStrictJsonSchema(
      z.strictObject({
        note: z.string().nullable(),
        count: z.number().int(),
        pattern: z.string().regex(/x/),
      }),
    );
    expect(strict).toEqual({
      type: 'object',
      properties: {
        note: { type: ['string', 'null'] },
        count: { type: 'integer' },
        pattern: { type: 'string' },
      },
      required: ['note', 'count', 'pattern'],
      additionalProperties: false,
    });
  });
});

describe('suggestionResponseFormat', () => {
  it('is a strict json_schema format with a name Azure accepts', () => {
    const format = suggestionResponseFormat();
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(format.json_schema.schema).toEqual(toStrictJsonSchema(modelAnswerSchema));
  });
});

describe('the runtime validator (the same zod schema)', () => {
  it('accepts a valid suggestion', () => {
    expect(modelSuggestionSchema.safeParse(VALID).success).toBe(true);
  });

  it.each([
    ['an extra key', { ...VALID, confidence: 0.9 }],
    ['a missing key', { ...VALID, quotedFacts: undefined }],
    ['an unknown category', { ...VALID, category: 'billing' }],
    ['an unknown urgency', { ...VALID, urgency: 'stat' }],
    ['a title over 120 characters', { ...VALID, title: 'x'.repeat(121) }],
    ['an empty quote', { ...VALID, quotedFacts: [{ alias: 'L1', text: '' }] }],
    ['a quote with an extra key', { ...VALID, quotedFacts: [{ alias: 'L1', text: 'eGFR 28', page: 1 }] }],
  ])('refuses %s', (_label, candidate) => {
    expect(modelSuggestionSchema.safeParse(candidate).success).toBe(false);
  });

  it(`holds at most ${MAX_SUGGESTIONS} suggestions in an answer`, () => {
    expect(modelAnswerSchema.safeParse({ suggestions: Array(MAX_SUGGESTIONS).fill(VALID) }).success).toBe(
      true,
    );
    expect(modelAnswerSchema.safeParse({ suggestions: Array(MAX_SUGGESTIONS + 1).fill(VALID) }).success).toBe(
      false,
    );
  });
});
