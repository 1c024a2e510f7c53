/** What a validator returns: the parsed value, or every problem found (never only the first). */
export type ValidationResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly string[] };
