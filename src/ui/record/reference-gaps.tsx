// What the Record parts say when the record points at entries it does not hold (src/context/unresolved-
// references.ts): an encounter's diagnoses, a report's results. A part whose list came back empty or short
// while such references exist says so beside the list, and its empty text says "in what could be loaded",
// so that "No active problems" never stands for "the problems were not loaded" (issue 11, no silent gaps).
import type { ReferenceGap } from '../../context/unresolved-references.ts';

/** The gaps whose missing entries belong in a part showing these resource types. */
export function gapsOfTypes(gaps: readonly ReferenceGap[], types: readonly string[]): ReferenceGap[] {
  return gaps.filter((gap) => types.includes(gap.targetType));
}

/** A part's empty text, hedged when entries of its types are known to be missing. */
export function emptyTextWithGaps(empty: string, gaps: readonly ReferenceGap[]): string {
  return gaps.length === 0 ? empty : `${empty.replace(/\.$/u, '')} in what could be loaded.`;
}

export function ReferenceGapNotices({ gaps }: { readonly gaps: readonly ReferenceGap[] }) {
  if (gaps.length === 0) return null;
  return (
    <>
      {gaps.map((gap) => (
        <p
          key={`${gap.referencingType}>${gap.targetType}`}
          className="notice data-gap"
          data-target={gap.targetType}
        >
          <strong>Incomplete:</strong> {gap.message}. The chart in your EHR may show them.
        </p>
      ))}
    </>
  );
}
