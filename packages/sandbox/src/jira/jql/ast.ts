/** The abstract syntax of the JQL subset the fake understands. */

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type Operand =
  | { kind: 'value'; text: string; quoted: boolean }
  | { kind: 'empty' }
  | { kind: 'function'; name: string; args: string[] }
  | { kind: 'list'; items: Operand[] };

export interface Clause {
  kind: 'clause';
  field: string;
  operator: Operator;
  operand: Operand;
}

export type JqlNode =
  | { kind: 'and'; items: JqlNode[] }
  | { kind: 'or'; items: JqlNode[] }
  | { kind: 'not'; item: JqlNode }
  | Clause;

export interface OrderItem {
  field: string;
  direction: 'asc' | 'desc' | null;
}

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: OrderItem[];
}

/** A JQL problem, with the message Jira would put in `errorMessages`. */
export class JqlError extends Error {
  override readonly name = 'JqlError';
}
