import { describe, expect, it } from 'vitest';
import { createAnswerScanner } from './model-output.ts';

const FIRST = {
  title: 'A {brace} and a "quote" \\ and ]',
  evidence: ['L1'],
  quotedFacts: [{ alias: 'L1', text: 'x' }],
};
const SECOND = { title: 'B', nested: { deeper: [[1, 2], { a: '}' }] } };
const ANSWER = JSON.stringify({ suggestions: [FIRST, SECOND] }, null, 1);

/** Feeds the text in pieces of `size` characters; returns the parsed elements handed out, and the end state. */
function scan(text: string, size: number) {
  const scanner = createAnswerScanner();
  const handedOut: unknown[] = [];
  for (let start = 0; start < text.length; start += size) {
    for (const element of scanner.push(text.slice(start, start + size))) handedOut.push(JSON.parse(element));
  }
  return { handedOut, end: scanner.finish() };
}

describe('createAnswerScanner', () => {
  it.each([1, 2, 3, 7, 64, ANSWER.length])(
    'hands out each suggestion once it is complete (chunks of %i)',
    (size) => {
      const { handedOut, end } = scan(ANSWER, size);
      expect(handedOut).toEqual([FIRST, SECOND]);
      expect(end).toEqual({ ok: true, suggestions: [FIRST, SECOND], handedOut: 2 });
    },
  );

  it('hands out the first suggestion before the second has arrived', () => {
    const scanner = createAnswerScanner();
    const cut = ANSWER.indexOf('"B"');
    expect(scanner.push(ANSWER.slice(0, cut))).toHaveLength(1);
    expect(scanner.push(ANSWER.slice(cut))).toHaveLength(1);
  });

  it('ignores arrays and objects under other keys of the answer', () => {
    const text = JSON.stringify({
      notes: [{ title: 'not a suggestion' }],
      meta: { suggestions: [{ x: 1 }] },
      suggestions: [FIRST],
    });
    const { handedOut, end } = scan(text, 5);
    expect(handedOut).toEqual([FIRST]);
    expect(end.ok).toBe(true);
  });

  it.each([1, 4, 64])(
    'hands out elements that are not objects too, so positions match (chunks of %i)',
    (size) => {
      const elements = ['Stop metformin', FIRST, 42, null, ['L1'], true, SECOND, 'last, with a ] and a ,'];
      const { handedOut, end } = scan(
        JSON.stringify({ suggestions: elements }, null, size === 4 ? 2 : undefined),
        size,
      );
      expect(handedOut).toEqual(elements);
      expect(end).toEqual({ ok: true, suggestions: elements, handedOut: elements.length });
    },
  );

  it('accepts an answer wrapped in a Markdown code fence', () => {
    const { handedOut, end } = scan(`\`\`\`json\n${ANSWER}\n\`\`\``, 9);
    expect(handedOut).toHaveLength(2);
    expect(end.ok).toBe(true);
  });

  it.each([
    ['no answer', '', /no answer/],
    ['prose', 'I cannot help with that.', /not valid JSON/],
    ['a cut-off answer', ANSWER.slice(0, ANSWER.indexOf('"B"')), /not valid JSON/],
    ['JSON without a suggestions list', '{"items":[]}', /no suggestions list/],
    ['a list at the top', '[{"title":"x"}]', /no suggestions list/],
  ])('reports %s as a problem', (_label, text, problem) => {
    const end = scan(text, 3).end;
    expect(end.ok).toBe(false);
    if (!end.ok) expect(end.problem).toMatch(problem);
  });

  it('still hands out the complete suggestions of a cut-off answer', () => {
    expect(scan(ANSWER.slice(0, ANSWER.indexOf('"B"')), 3).handedOut).toEqual([FIRST]);
  });
});
