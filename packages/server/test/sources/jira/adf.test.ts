import { describe, expect, it } from 'vitest';
import { adfToText, textToAdf } from '../../../src/sources/jira/adf.ts';

describe('Atlassian Document Format', () => {
  it('flattens a rich document to plain text', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Plan' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Ask ' },
            { type: 'mention', attrs: { id: 'abc', text: '@Maria Novak' } },
            { type: 'text', text: ' today', marks: [{ type: 'strong' }] },
            { type: 'hardBreak' },
            { type: 'inlineCard', attrs: { url: 'https://example.com/x' } },
            { type: 'emoji', attrs: { shortName: ':tada:' } },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] },
            {
              type: 'listItem',
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'two' }] },
                {
                  type: 'orderedList',
                  attrs: { order: 3 },
                  content: [
                    {
                      type: 'listItem',
                      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'nested' }] }],
                    },
                  ],
                },
              ],
            },
          ],
        },
        { type: 'codeBlock', content: [{ type: 'text', text: 'npm test' }] },
        { type: 'rule' },
        { type: 'paragraph', content: [{ type: 'date', attrs: { timestamp: '1777334400000' } }] },
      ],
    };
    expect(adfToText(doc)).toBe(
      'Plan\nAsk @Maria Novak today\nhttps://example.com/x:tada:\n- one\n- two\n  3. nested\nnpm test\n---\n2026-04-28',
    );
    expect([adfToText(null), adfToText(undefined), adfToText('plain v2 text'), adfToText(42)]).toEqual([
      null,
      null,
      'plain v2 text',
      null,
    ]);
  });

  it('builds paragraphs and hard breaks from plain text, and reads them back', () => {
    const doc = textToAdf('a\r\nb\n\n\nc');
    expect(doc).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'c' }] },
      ],
    });
    expect(adfToText(doc)).toBe('a\nb\nc');
  });
});
