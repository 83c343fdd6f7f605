import {
  JqlError,
  type Clause,
  type JqlNode,
  type JqlQuery,
  type Operand,
  type Operator,
  type OrderItem,
} from './ast.ts';
import { tokenize, type Token } from './lexer.ts';

const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'EMPTY', 'NULL', 'ORDER', 'BY', 'ASC', 'DESC']);
const OPERATORS_HELP =
  "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

function where(token: Token): string {
  return `(line 1, character ${token.position})`;
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'the end of the query' : `'${token.text}'`;
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === keyword;
}

/** Parses JQL into a query, or throws `JqlError` with Jira's message. */
export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let at = 0;
  const peek = (): Token => tokens[at] ?? { kind: 'eof', text: '', position: jql.length + 1 };
  const next = (): Token => {
    const token = peek();
    if (at < tokens.length - 1) at += 1;
    return token;
  };
  const fail = (message: string, token: Token): never => {
    throw new JqlError(`Error in the JQL Query: ${message} ${where(token)}`);
  };

  const operand = (): Operand => {
    const token = next();
    if (token.kind === 'string') return { kind: 'value', text: token.text, quoted: true };
    if (token.kind === '(') {
      const items: Operand[] = [];
      for (;;) {
        items.push(operand());
        const sep = next();
        if (sep.kind === ')') return { kind: 'list', items };
        if (sep.kind !== ',') fail(`Expecting ',' or ')' but got ${describe(sep)}.`, sep);
      }
    }
    if (token.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'EMPTY' || upper === 'NULL') return { kind: 'empty' };
      if (RESERVED.has(upper)) {
        fail(
          `Expecting either a value, list or function but got '${token.text}'. You must surround '${token.text}' in quotation marks to use it as a value.`,
          token,
        );
      }
      if (peek().kind === '(') {
        next();
        const args: string[] = [];
        while (peek().kind !== ')') {
          const arg = next();
          if (arg.kind !== 'word' && arg.kind !== 'string')
            fail(`Expecting ')' but got ${describe(arg)}.`, arg);
          args.push(arg.text);
          if (peek().kind === ',') next();
        }
        next();
        return { kind: 'function', name: token.text, args };
      }
      return { kind: 'value', text: token.text, quoted: false };
    }
    return fail(`Expecting either a value, list or function but got ${describe(token)}.`, token);
  };

  const operator = (): Operator => {
    const token = next();
    if (token.kind === 'operator') return token.text as Operator;
    if (isKeyword(token, 'IN')) return 'in';
    if (isKeyword(token, 'NOT') && isKeyword(peek(), 'IN')) {
      next();
      return 'not in';
    }
    if (isKeyword(token, 'IS')) {
      if (isKeyword(peek(), 'NOT')) {
        next();
        return 'is not';
      }
      return 'is';
    }
    return fail(`Expecting operator but got ${describe(token)}. ${OPERATORS_HELP}`, token);
  };

  const clause = (): Clause => {
    const token = next();
    if (
      (token.kind !== 'word' && token.kind !== 'string') ||
      (token.kind === 'word' && RESERVED.has(token.text.toUpperCase()))
    ) {
      fail(`Expecting a field name but got ${describe(token)}.`, token);
    }
    const op = operator();
    const value = operand();
    if ((op === 'in' || op === 'not in') && value.kind !== 'list' && value.kind !== 'function') {
      fail(`Expecting '(' but got '${value.kind === 'value' ? value.text : 'EMPTY'}'.`, token);
    }
    return { kind: 'clause', field: token.text, operator: op, operand: value };
  };

  const unary = (): JqlNode => {
    if (isKeyword(peek(), 'NOT')) {
      next();
      return { kind: 'not', item: unary() };
    }
    if (peek().kind === '(') {
      next();
      const inner = orExpr();
      const close = next();
      if (close.kind !== ')') fail(`Expecting ')' but got ${describe(close)}.`, close);
      return inner;
    }
    return clause();
  };

  const andExpr = (): JqlNode => {
    const items = [unary()];
    while (isKeyword(peek(), 'AND')) {
      next();
      items.push(unary());
    }
    return items.length === 1 ? (items[0] as JqlNode) : { kind: 'and', items };
  };

  const orExpr = (): JqlNode => {
    const items = [andExpr()];
    while (isKeyword(peek(), 'OR')) {
      next();
      items.push(andExpr());
    }
    return items.length === 1 ? (items[0] as JqlNode) : { kind: 'or', items };
  };

  let whereNode: JqlNode | null = null;
  if (peek().kind !== 'eof' && !isKeyword(peek(), 'ORDER')) whereNode = orExpr();
  const orderBy: OrderItem[] = [];
  if (isKeyword(peek(), 'ORDER')) {
    next();
    const by = next();
    if (!isKeyword(by, 'BY')) fail(`Expecting 'BY' but got ${describe(by)}.`, by);
    for (;;) {
      const field = next();
      if (field.kind !== 'word' && field.kind !== 'string')
        fail(`Expecting a field name but got ${describe(field)}.`, field);
      let direction: OrderItem['direction'] = null;
      if (isKeyword(peek(), 'ASC') || isKeyword(peek(), 'DESC'))
        direction = next().text.toLowerCase() as 'asc' | 'desc';
      orderBy.push({ field: field.text, direction });
      if (peek().kind !== ',') break;
      next();
    }
  }
  const rest = peek();
  if (rest.kind !== 'eof') {
    fail(
      whereNode === null || orderBy.length > 0
        ? `Expecting ',' but got ${describe(rest)}.`
        : `Expecting either 'OR' or 'AND' but got ${describe(rest)}.`,
      rest,
    );
  }
  return { where: whereNode, orderBy };
}
