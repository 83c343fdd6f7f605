/**
 * Atlassian Document Format, the rich text of Jira Cloud REST v3 (descriptions, comments), to and from
 * plain text. Only what plain text can carry survives: text, line breaks, list bullets, and the visible
 * text of inline nodes (mentions, emoji, dates, links).
 */

interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: unknown;
  content?: unknown;
}

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'panel',
  'rule',
  'table',
  'tableRow',
  'mediaSingle',
  'mediaGroup',
  'expand',
  'nestedExpand',
  'decisionList',
  'taskList',
  'bulletList',
  'orderedList',
  'blockCard',
]);

function attr(node: AdfNode, name: string): unknown {
  return typeof node.attrs === 'object' && node.attrs !== null
    ? (node.attrs as Record<string, unknown>)[name]
    : undefined;
}

function children(node: AdfNode): AdfNode[] {
  return Array.isArray(node.content)
    ? node.content.filter((c): c is AdfNode => typeof c === 'object' && c !== null)
    : [];
}

/** The visible text of an inline node that is not plain text. */
function inlineText(node: AdfNode): string {
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : '';
    case 'hardBreak':
      return '\n';
    case 'mention':
    case 'emoji':
    case 'status': {
      const text = attr(node, 'text') ?? attr(node, 'shortName');
      return typeof text === 'string' ? text : '';
    }
    case 'date': {
      const ms = Number(attr(node, 'timestamp'));
      return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
    }
    case 'inlineCard': {
      const url = attr(node, 'url');
      return typeof url === 'string' ? url : '';
    }
    default:
      return children(node).map(inlineText).join('');
  }
}

/** Lines of a block node; list items get a bullet, table cells a tab between them. */
function blockLines(node: AdfNode): string[] {
  switch (node.type) {
    case 'bulletList':
      return children(node).flatMap((item) => prefixed(blockLinesOf(children(item)), '- '));
    case 'orderedList': {
      const start = Number(attr(node, 'order') ?? 1);
      return children(node).flatMap((item, i) =>
        prefixed(blockLinesOf(children(item)), `${(Number.isFinite(start) ? start : 1) + i}. `),
      );
    }
    case 'taskList':
    case 'decisionList':
      return children(node).flatMap((item) => prefixed([children(item).map(inlineText).join('')], '- '));
    case 'tableRow':
      return [
        children(node)
          .map((cell) => blockLinesOf(children(cell)).join(' '))
          .join('\t'),
      ];
    case 'rule':
      return ['---'];
    case 'blockCard': {
      const url = attr(node, 'url');
      return typeof url === 'string' ? [url] : [];
    }
    default:
      if (children(node).some((c) => BLOCKS.has(String(c.type)) || c.type === 'listItem')) {
        return blockLinesOf(children(node));
      }
      return [children(node).map(inlineText).join('')];
  }
}

function blockLinesOf(nodes: AdfNode[]): string[] {
  return nodes.flatMap((n) =>
    n.type === 'text' || !BLOCKS.has(String(n.type)) ? [inlineText(n)] : blockLines(n),
  );
}

function prefixed(lines: string[], bullet: string): string[] {
  return lines.map((line, i) => (i === 0 ? `${bullet}${line}` : `  ${line}`));
}

/**
 * Plain text of an ADF document (or of a plain string, which older payloads and v2 carry). Blocks are
 * separated by a newline; the result is trimmed. Null when there is no document.
 */
export function adfToText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return null;
  return blockLinesOf(children(value)).join('\n').trim();
}

/** An ADF document of plain text: a paragraph per blank-line-separated block, hard breaks for single newlines. */
export function textToAdf(text: string): { type: 'doc'; version: 1; content: unknown[] } {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((block) => block.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((block) => ({
      type: 'paragraph',
      content: block.split('\n').flatMap((line, i) => {
        const nodes: unknown[] = i === 0 ? [] : [{ type: 'hardBreak' }];
        if (line !== '') nodes.push({ type: 'text', text: line });
        return nodes;
      }),
    })),
  };
}
