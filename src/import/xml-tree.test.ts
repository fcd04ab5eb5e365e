import { describe, expect, it } from 'vitest';
import { JalonError } from '../core/errors.ts';
import { XmlTreeBuilder, type XmlElement, type XmlNode } from './xml-tree.ts';

const xml =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="urn:w"><w:body>' +
  '<w:p><w:r><w:t xml:space="preserve">Réussite &amp; suivi &#x2013; &lt;étape&gt; 1</w:t></w:r></w:p>' +
  '<!-- un commentaire --><w:tbl><w:tr><w:tc a=\'x > y\' b="&quot;q&quot;"><w:p><w:r><w:t><![CDATA[a <b> c]]></w:t></w:r></w:p></w:tc></w:tr>' +
  '<w:tr><w:tc/><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>';

/** The tree with each element's texts joined: a text may come in several strings where a piece ended. */
function normalised(node: XmlNode): unknown {
  if (typeof node === 'string') return node;
  const children: unknown[] = [];
  for (const child of node.children) {
    const last = children[children.length - 1];
    if (typeof child === 'string' && typeof last === 'string') children[children.length - 1] = last + child;
    else children.push(normalised(child));
  }
  return { name: node.name, attrs: node.attrs, children };
}

function parseInPieces(
  text: string,
  size: number,
  close?: (e: XmlElement, a: readonly XmlElement[]) => boolean,
) {
  const builder = new XmlTreeBuilder('test.docx', 'word/document.xml', { close: close ?? (() => false) });
  for (let at = 0; at < text.length; at += size) builder.write(text.slice(at, at + size));
  return builder.end();
}

describe('the XML tree builder', () => {
  it('builds the same tree whatever the pieces the text comes in, entities and quoted ">" included', () => {
    const whole = normalised(parseInPieces(xml, xml.length));
    expect(JSON.stringify(whole)).toContain('Réussite & suivi – <étape> 1');
    expect(JSON.stringify(whole)).toContain('"a":"x > y","b":"\\"q\\""');
    for (const size of [1, 2, 3, 5, 7, 11, 13, 64])
      expect(normalised(parseInPieces(xml, size))).toEqual(whole);
  });

  it('hands over the elements it is told to take, and keeps nothing of them', () => {
    const rows: string[] = [];
    const root = parseInPieces(xml, 9, (element, ancestors) => {
      if (element.name !== 'w:tr' || ancestors[ancestors.length - 1]?.name !== 'w:tbl') return false;
      rows.push(JSON.stringify(normalised(element)));
      return true;
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('a <b> c');
    const body = (root.children[0] as XmlElement).children[0] as XmlElement;
    const table = body.children[1] as XmlElement;
    expect(table.name).toBe('w:tbl');
    expect(table.children).toEqual([]);
  });

  it('refuses a block holding more elements than it may hold at once, and a DOCTYPE, naming the file', () => {
    const many = `<w:document><w:body><w:p>${'<w:r/>'.repeat(50)}</w:p></w:body></w:document>`;
    const builder = new XmlTreeBuilder(
      'big.docx',
      'word/document.xml',
      { close: () => false },
      { maxHeldNodes: 40 },
    );
    let error: unknown;
    try {
      builder.write(many);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JalonError);
    expect((error as JalonError).code).toBe('FILE_TOO_LARGE');
    expect((error as JalonError).message).toMatch(
      /^big\.docx: word\/document\.xml: one block holds more than 40 XML elements/,
    );
    // Taken elements do not count: the same document read paragraph by paragraph is fine.
    const taken = new XmlTreeBuilder(
      'big.docx',
      'word/document.xml',
      { close: (e) => e.name === 'w:r' },
      { maxHeldNodes: 40 },
    );
    taken.write(many);
    taken.end();
    expect(() => parseInPieces('<!DOCTYPE x [<!ENTITY a "b">]><a/>', 4)).toThrow(
      /test\.docx: word\/document\.xml contains a DOCTYPE/,
    );
  });
});
