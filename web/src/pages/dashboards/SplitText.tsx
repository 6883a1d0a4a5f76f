import type { ReactNode } from 'react';

const mark = '\u0000';

/**
 * A translated sentence with a component in place of its first parameter (a count that links): the text is
 * asked for with a marker there and split around it, so the word order stays the language's.
 */
export function SplitText({ text, slot }: { text: (marker: string) => string; slot: ReactNode }) {
  const [before = '', after = ''] = text(mark).split(mark);
  return (
    <>
      {before}
      {slot}
      {after}
    </>
  );
}
