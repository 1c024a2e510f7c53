// The shape of the model's answer, defined once with zod. The same schema is (1) sent to Azure as a strict
// `response_format: json_schema` so the model is constrained to it, and (2) the runtime validator each
// suggestion must pass before grounding. Designed to be checked: every claim cites aliases from the context
// (`evidence`), and `quotedFacts` copies the exact words of the cited facts it relies on, so grounding can
// confirm each quote and each number against the record rather than trust the model.
import { z } from 'zod';
import { SUGGESTION_CATEGORIES, SUGGESTION_URGENCIES } from '../api-contract/suggestions-contract.ts';

// The categories and urgencies the browser receives (src/api-contract) are the ones the model may use.
export {
  SUGGESTION_CATEGORIES,
  SUGGESTION_URGENCIES,
  type SuggestionCategory,
  type SuggestionUrgency,
} from '../api-contract/suggestions-contract.ts';

/** Few and ranked: a clinician reads these between two patients. Extra suggestions are dropped, not shown. */
export const MAX_SUGGESTIONS = 5;

/** Text bounds, enforced at run time (Azure's strict mode rejects `maxLength`/`maxItems`, so they are not sent). */
export const SUGGESTION_LIMITS = {
  titleChars: 120,
  rationaleChars: 800,
  recommendedActionChars: 400,
  evidenceItems: 12,
  quotedFacts: 12,
  quoteChars: 300,
} as const;

/** The name Azure gets for the schema: a-z, A-Z, 0-9, `_` and `-`, at most 64 characters. */
export const SUGGESTION_SCHEMA_NAME = 'chartside_suggestions';

export const quotedFactSchema = z
  .strictObject({
    alias: z
      .string()
      .describe('The alias of one fact listed in evidence, exactly as written in the context.'),
    text: z
      .string()
      .min(1)
      .max(SUGGESTION_LIMITS.quoteChars)
      .describe('Words copied verbatim from the context line of that alias, including any number and unit.'),
  })
  .describe('An exact excerpt of a cited fact that supports the suggestion.');

export const modelSuggestionSchema = z.strictObject({
  title: z.string().min(1).max(SUGGESTION_LIMITS.titleChars).describe('One line, plain words.'),
  category: z.enum(SUGGESTION_CATEGORIES),
  urgency: z.enum(SUGGESTION_URGENCIES),
  rationale: z
    .string()
    .min(1)
    .max(SUGGESTION_LIMITS.rationaleChars)
    .describe('Why, in two or three sentences; every number stated must appear in a cited fact.'),
  recommendedAction: z
    .string()
    .min(1)
    .max(SUGGESTION_LIMITS.recommendedActionChars)
    .describe(
      'What the clinician could consider doing; no new numbers (doses, targets) absent from the facts.',
    ),
  evidence: z
    .array(z.string())
    .max(SUGGESTION_LIMITS.evidenceItems)
    .describe(
      'Aliases of the facts this suggestion rests on, e.g. "L12"; only aliases present in the context.',
    ),
  quotedFacts: z.array(quotedFactSchema).max(SUGGESTION_LIMITS.quotedFacts),
});

export type ModelSuggestion = z.infer<typeof modelSuggestionSchema>;
export type QuotedFact = z.infer<typeof quotedFactSchema>;

export const modelAnswerSchema = z.strictObject({
  suggestions: z
    .array(modelSuggestionSchema)
    .max(MAX_SUGGESTIONS)
    .describe(
      `At most ${MAX_SUGGESTIONS}, most important first; an empty list when nothing is worth raising.`,
    ),
});

export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

/** JSON Schema keywords that Azure OpenAI structured outputs reject with `strict: true`. */
const KEYWORDS_UNSUPPORTED_IN_STRICT_MODE = new Set([
  '$schema',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);

/**
 * A zod schema as the JSON Schema Azure accepts with `strict: true`: every object closed
 * (`additionalProperties: false`) with every key required (zod's strictObject gives both; `.nullable()`,
 * never `.optional()`, for absent values), and without the keywords strict mode rejects — the top-level
 * `$schema`, the ±2^53 bounds `.int()` adds, and length/size limits, which the runtime validator enforces.
 */
export function toStrictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const stripped = stripUnsupported(z.toJSONSchema(schema));
  return isRecord(stripped) ? stripped : {};
}

function stripUnsupported(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripUnsupported);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (KEYWORDS_UNSUPPORTED_IN_STRICT_MODE.has(key)) continue;
    // `properties` maps field names to schemas: its keys are names, never keywords to strip.
    out[key] =
      key === 'properties' && isRecord(value)
        ? Object.fromEntries(Object.entries(value).map(([name, child]) => [name, stripUnsupported(child)]))
        : stripUnsupported(value);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface JsonSchemaResponseFormat {
  readonly type: 'json_schema';
  readonly json_schema: {
    readonly name: string;
    readonly description: string;
    readonly schema: Record<string, unknown>;
    readonly strict: true;
  };
}

/** The `response_format` of every suggestions request. */
export function suggestionResponseFormat(): JsonSchemaResponseFormat {
  return {
    type: 'json_schema',
    json_schema: {
      name: SUGGESTION_SCHEMA_NAME,
      description:
        'Grounded clinical suggestions for a clinician, each citing the context facts it rests on.',
      schema: toStrictJsonSchema(modelAnswerSchema),
      strict: true,
    },
  };
}
