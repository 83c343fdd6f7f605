import { z } from 'zod';

/** A node of the Atlassian Document Format, the rich-text format of Jira Cloud REST v3. */
export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

const AdfNodeSchema: z.ZodType<AdfNode> = z.lazy(() =>
  z
    .object({
      type: z.string().min(1),
      text: z.string().optional(),
      content: z.array(AdfNodeSchema).optional(),
      attrs: z.record(z.string(), z.unknown()).optional(),
      marks: z
        .array(z.object({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() }).loose())
        .optional(),
    })
    .loose(),
) as z.ZodType<AdfNode>;

/** What REST v3 accepts as a rich-text value: a `doc` node of version 1. */
export const AdfDocSchema = z
  .object({ type: z.literal('doc'), version: z.literal(1), content: z.array(AdfNodeSchema) })
  .loose() as unknown as z.ZodType<AdfDoc>;

export function paragraph(text: string): AdfNode {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

export function bulletList(items: readonly string[]): AdfNode {
  return {
    type: 'bulletList',
    content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
  };
}

export function doc(content: AdfNode[]): AdfDoc {
  return { type: 'doc', version: 1, content };
}

/** The plain text of a document, for text search. */
export function adfText(node: AdfNode | AdfDoc | null | undefined): string {
  if (node === null || node === undefined) return '';
  let out = 'text' in node && typeof node.text === 'string' ? node.text : '';
  for (const child of node.content ?? []) {
    const text = adfText(child);
    if (text !== '') out = out === '' ? text : `${out} ${text}`;
  }
  return out;
}
