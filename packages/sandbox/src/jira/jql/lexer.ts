import { JqlError } from './ast.ts';

export type TokenKind = 'string' | 'word' | 'operator' | '(' | ')' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based character position, as Jira reports it. */
  position: number;
}

const OPERATOR_CHARS = new Set(['=', '!', '<', '>', '~']);
const STOP_CHARS = new Set(['(', ')', ',', '"', "'", ' ', '\t', '\n', '\r', '=', '!', '<', '>', '~']);

function readQuoted(jql: string, start: number): { text: string; end: number } {
  const quote = jql[start];
  let text = '';
  let at = start + 1;
  while (at < jql.length && jql[at] !== quote) {
    if (jql[at] === '\\' && at + 1 < jql.length) {
      text += jql[at + 1];
      at += 2;
    } else {
      text += jql[at];
      at += 1;
    }
  }
  if (at >= jql.length) {
    throw new JqlError(
      `Error in the JQL Query: The quoted string '${text}' has not been completed. (line 1, character ${start + 1})`,
    );
  }
  return { text, end: at + 1 };
}

export function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < jql.length) {
    const ch = jql[at] ?? '';
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      at += 1;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, position: at + 1 });
      at += 1;
    } else if (ch === '"' || ch === "'") {
      const { text, end } = readQuoted(jql, at);
      tokens.push({ kind: 'string', text, position: at + 1 });
      at = end;
    } else if (ch === '&' && jql[at + 1] === '&') {
      tokens.push({ kind: 'word', text: 'AND', position: at + 1 });
      at += 2;
    } else if (ch === '|' && jql[at + 1] === '|') {
      tokens.push({ kind: 'word', text: 'OR', position: at + 1 });
      at += 2;
    } else if (OPERATOR_CHARS.has(ch)) {
      const two = jql.slice(at, at + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : ch;
      if (op === '!') {
        tokens.push({ kind: 'word', text: 'NOT', position: at + 1 });
      } else {
        tokens.push({ kind: 'operator', text: op, position: at + 1 });
      }
      at += op.length;
    } else {
      const start = at;
      while (at < jql.length && !STOP_CHARS.has(jql[at] ?? ' ')) at += 1;
      tokens.push({ kind: 'word', text: jql.slice(start, at), position: start + 1 });
    }
  }
  tokens.push({ kind: 'eof', text: '', position: jql.length + 1 });
  return tokens;
}
