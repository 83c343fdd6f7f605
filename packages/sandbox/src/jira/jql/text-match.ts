/**
 * Jira's `~` operator, approximately: case-insensitive, word based with light stemming ("fails" finds "failing"),
 * `*` as a trailing wildcard, and an exact phrase when the value itself is quoted (`summary ~ "\"full screen\""`).
 * Every term must occur.
 */
export type TextMatcher = (haystack: string) => boolean;

function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

export function compileTextMatch(value: string): TextMatcher {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const phrase = words(trimmed.slice(1, -1)).join(' ');
    return (haystack) => words(haystack).join(' ').includes(phrase);
  }
  const terms = trimmed
    .toLowerCase()
    .split(/[^\p{L}\p{N}*]+/u)
    .filter((t) => t !== '' && t !== '*')
    .map((t) =>
      t.endsWith('*') ? { prefix: t.replace(/\*+$/, ''), exact: null } : { prefix: null, exact: stem(t) },
    );
  if (terms.length === 0) return () => false;
  return (haystack) => {
    const bag = words(haystack);
    const stems = new Set(bag.map(stem));
    return terms.every((term) =>
      term.exact !== null ? stems.has(term.exact) : bag.some((w) => w.startsWith(term.prefix ?? '')),
    );
  };
}
