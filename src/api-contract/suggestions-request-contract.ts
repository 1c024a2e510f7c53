// POST /api/suggestions' body: the compact, de-identified context, never raw FHIR. Apart from the answers'
// schemas because only the server validates it: the browser imports this module for its types only, so these
// validators never reach the browser bundle.
import { z } from '../shared/zod-mini.ts';
import { patientTargetShape } from './patient-target-contract.ts';
import { ALIAS_PATTERN } from './suggestions-contract.ts';

/** Far above a compact context (a few thousand tokens), far below a raw record. */
export const MAX_CONTEXT_TEXT_CHARS = 60_000;
export const MAX_ALIASES = 5_000;

export const suggestionsRequestSchema = z.strictObject({
  ...patientTargetShape,
  context: z.strictObject({
    text: z.string().check(z.minLength(1, 'context.text is empty'), z.maxLength(MAX_CONTEXT_TEXT_CHARS)),
    aliases: z
      .array(z.string().check(z.regex(ALIAS_PATTERN, 'each alias is a few letters then digits, such as L12')))
      .check(z.maxLength(MAX_ALIASES)),
  }),
});

export type SuggestionsRequest = z.infer<typeof suggestionsRequestSchema>;
