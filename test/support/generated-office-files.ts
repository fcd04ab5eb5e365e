import { open } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import { writeZip } from '../../src/export/zip-writer.ts';

/**
 * Large Word and Excel files made on the spot, for the import memory bench and tests: a plan
 * table of many rows (legitimate, if huge), and "bombs" whose parts are repetitive markup
 * that deflate compresses hundreds of times over. Each kind is sized by its expanded XML and
 * its compressed file, so that a bench can ask for the largest file the limits accept.
 *
 * Parts are produced as a sequence of string chunks: the bench streams them into a file
 * without ever holding a part whole, a test zips a few megabytes in memory.
 */
export type GeneratedKind =
  'docx-plan' | 'docx-text-bomb' | 'docx-prose-plan' | 'docx-cell-bomb' | 'xlsx-plan' | 'xlsx-cell-bomb';

interface Part {
  name: string;
  chunks: () => Iterable<string>;
}

const words = (
  'action plan qualité étudiants enseignants stage évaluation réussite suivi coordination implantation ' +
  'objectif indicateur responsable direction campus projet formation cours programme bachelier master ' +
  'jury épreuve mémoire accompagnement tutorat remédiation pédagogie numérique plateforme enquête ' +
  'satisfaction alumni employeurs partenariat mobilité international recherche ressources bibliothèque ' +
  'locaux équipement sécurité bien-être charge travail horaire calendrier inscription orientation ' +
  'information communication site web réseau conseil commission réunion procès-verbal rapport annuel ' +
  'critère référentiel compétence acquis apprentissage fiche unité crédit prérequis corequis stagiaire ' +
  'maître encadrement supervision grille critériée feedback rétroaction autoévaluation externe expert ' +
  'agence recommandation analyse forces faiblesses menaces opportunités priorité échéance budget'
).split(' ');
const statuses = ['Réalisé', 'En cours', 'À venir', 'Reporté', "Plus d'actualité"];
const sites = ['LLN', 'MONS', 'MONTIGNIES', 'Commun'];

/** A deterministic stream of words: the same file every run. */
function wordSource(seed = 42): (count: number) => string {
  let state = seed;
  return (count) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out.push(words[(state >>> 8) % words.length]!);
    }
    return out.join(' ');
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The texts of one plan row (objective repeated over five actions). */
function planRow(sentence: (count: number) => string, row: number): string[] {
  return [
    `Objectif ${Math.floor(row / 5) + 1} : ${sentence(8)}`,
    `${sentence(18)} (action ${row + 1})`,
    sentence(3),
    `${['janvier', 'mars', 'juin', 'septembre', 'décembre'][row % 5]} ${2025 + (row % 4)}`,
    statuses[row % statuses.length]!,
    `${sentence(6)}\n${sentence(5)}`,
    sites[row % sites.length]!,
  ];
}
const planHeader = [
  'Objectif',
  'Action(s)',
  'Responsable(s)',
  'Échéance',
  'Statut',
  'Indicateurs',
  'Implantation',
];

// --- Word ---------------------------------------------------------------------------------

const wordNs =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function docxParts(body: () => Iterable<string>): Part[] {
  return [
    {
      name: '[Content_Types].xml',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
          '</Types>',
      ],
    },
    {
      name: '_rels/.rels',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
          '</Relationships>',
      ],
    },
    {
      name: 'word/document.xml',
      chunks: function* () {
        yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${wordNs}><w:body>`;
        yield* body();
        yield '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>';
      },
    },
  ];
}

const runProperties =
  '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="18"/><w:szCs w:val="18"/><w:lang w:val="fr-BE"/></w:rPr>';

function wordCell(text: string, width: number, merge?: 'restart' | 'continue', bold = false): string {
  const vMerge = merge === 'restart' ? '<w:vMerge w:val="restart"/>' : merge ? '<w:vMerge/>' : '';
  const paragraphs = text
    .split('\n')
    .map(
      (line) =>
        `<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r>${bold ? runProperties.replace('<w:rPr>', '<w:rPr><w:b/>') : runProperties}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`,
    )
    .join('');
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${vMerge}</w:tcPr>${paragraphs}</w:tc>`;
}

const columnWidths = [2600, 4200, 1800, 1300, 1200, 2800, 1300];

function* planTableBody(rows: number): Iterable<string> {
  const sentence = wordSource();
  yield '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Plan d’action généré</w:t></w:r></w:p>';
  yield '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>';
  yield columnWidths.map((w) => `<w:gridCol w:w="${w}"/>`).join('') + '</w:tblGrid>';
  yield `<w:tr><w:trPr><w:tblHeader/></w:trPr>${planHeader.map((h, i) => wordCell(h, columnWidths[i]!, undefined, true)).join('')}</w:tr>`;
  for (let row = 0; row < rows; row++) {
    const texts = planRow(sentence, row);
    const first = row % 5 === 0;
    const cells = texts.map((text, i) =>
      i === 0
        ? wordCell(first ? text : '', columnWidths[0]!, first ? 'restart' : 'continue')
        : wordCell(text, columnWidths[i]!),
    );
    yield `<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.join('')}</w:tr>`;
  }
  yield '</w:tbl>';
}

/** Paragraphs of about 1 kB of the same repeated sentence: the issue's 2 MB file that expands to 450 MB. */
function* textBombBody(paragraphs: number): Iterable<string> {
  const text = 'Le plan d’action est suivi par la coordination qualité. '.repeat(18);
  const paragraph = `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
  for (let i = 0; i < paragraphs; i++) yield paragraph;
}

/** The text bomb's paragraphs above a plan table of 20 rows: a plan is read, and all that text ends in it. */
function* prosePlanBody(paragraphs: number): Iterable<string> {
  yield* textBombBody(paragraphs);
  yield* planTableBody(20);
}

/**
 * A plan table whose rows are one-letter cells: the most objects per byte a Word table gives,
 * each row an action of the plan.
 */
function* cellBombBody(rows: number): Iterable<string> {
  const cell = '<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>';
  const row = `<w:tr>${cell.repeat(planHeader.length)}</w:tr>`;
  yield '<w:tbl>';
  yield `<w:tr>${planHeader.map((h) => `<w:tc><w:p><w:r><w:t>${escapeXml(h)}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`;
  for (let i = 0; i < rows; i++) yield row;
  yield '</w:tbl>';
}

// --- Excel --------------------------------------------------------------------------------

function columnLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

function xlsxParts(sheet: () => Iterable<string>, sharedStrings?: () => Iterable<string>): Part[] {
  const parts: Part[] = [
    {
      name: '[Content_Types].xml',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          (sharedStrings
            ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            : '') +
          '</Types>',
      ],
    },
    {
      name: '_rels/.rels',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
          '</Relationships>',
      ],
    },
    {
      name: 'xl/workbook.xml',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          (sharedStrings
            ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            : '') +
          '</Relationships>',
      ],
    },
  ];
  // Shared strings before the sheet, so that exceljs's streaming reader needs no temporary file.
  if (sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', chunks: sharedStrings });
  parts.push({
    name: 'xl/worksheets/sheet1.xml',
    chunks: function* () {
      yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
      yield* sheet();
      yield '</sheetData></worksheet>';
    },
  });
  return parts;
}

/** A plan sheet as Excel writes one: every text in the shared strings, cells pointing at them. */
function xlsxPlanParts(rows: number): Part[] {
  const columns = planHeader.length;
  return xlsxParts(
    function* () {
      for (let row = 0; row <= rows; row++) {
        const cells: string[] = [];
        for (let column = 0; column < columns; column++)
          cells.push(`<c r="${columnLetter(column)}${row + 1}" t="s"><v>${row * columns + column}</v></c>`);
        yield `<row r="${row + 1}">${cells.join('')}</row>`;
      }
    },
    function* () {
      const sentence = wordSource();
      const count = (rows + 1) * columns;
      yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`;
      yield planHeader.map((h) => `<si><t>${escapeXml(h)}</t></si>`).join('');
      for (let row = 0; row < rows; row++)
        yield planRow(sentence, row)
          .map((text) => `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`)
          .join('');
      yield '</sst>';
    },
  );
}

/** A plan sheet whose rows are small numbers: each row an action of the plan. */
function xlsxCellBombParts(rows: number): Part[] {
  return xlsxParts(function* () {
    yield `<row r="1">${planHeader.map((h, i) => `<c r="${columnLetter(i)}1" t="inlineStr"><is><t>${escapeXml(h)}</t></is></c>`).join('')}</row>`;
    for (let row = 2; row <= rows + 1; row++) {
      let cells = '';
      for (let column = 0; column < planHeader.length; column++)
        cells += `<c r="${columnLetter(column)}${row}"><v>${column + 1}</v></c>`;
      yield `<row r="${row}">${cells}</row>`;
    }
  });
}

function partsOf(kind: GeneratedKind, units: number): Part[] {
  switch (kind) {
    case 'docx-plan':
      return docxParts(() => planTableBody(units));
    case 'docx-text-bomb':
      return docxParts(() => textBombBody(units));
    case 'docx-prose-plan':
      return docxParts(() => prosePlanBody(units));
    case 'docx-cell-bomb':
      return docxParts(() => cellBombBody(units));
    case 'xlsx-plan':
      return xlsxPlanParts(units);
    case 'xlsx-cell-bomb':
      return xlsxCellBombParts(units);
  }
}

/** Expanded and compressed bytes per unit (row or paragraph), measured on a sample. */
function bytesPerUnit(kind: GeneratedKind): { expanded: number; compressed: number } {
  const sample = (units: number) => {
    const xml = partsOf(kind, units)
      .map((part) => [...part.chunks()].join(''))
      .join('');
    const bytes = Buffer.from(xml, 'utf8');
    return { expanded: bytes.length, compressed: deflateRawSync(bytes).length };
  };
  const small = sample(200);
  const large = sample(2200);
  return {
    expanded: (large.expanded - small.expanded) / 2000,
    compressed: (large.compressed - small.compressed) / 2000,
  };
}

/** Table cells per unit: every kind but the text bombs is a plan table of seven columns. */
const cellsPerUnit = (kind: GeneratedKind): number =>
  kind === 'docx-text-bomb' || kind === 'docx-prose-plan' ? 0 : planHeader.length;

/**
 * How many rows (or paragraphs) make the largest file of this kind within the limits, with a
 * margin of 1 %: the expanded XML under `maxExpandedBytes`, the file under `maxBytes`, and the
 * table cells (header row included) under `maxCells`.
 */
export function unitsWithin(
  kind: GeneratedKind,
  limits: { maxBytes: number; maxExpandedBytes: number; maxCells: number },
): number {
  const per = bytesPerUnit(kind);
  const cells = cellsPerUnit(kind);
  return Math.floor(
    Math.min(
      (0.99 * limits.maxExpandedBytes) / per.expanded,
      (0.99 * limits.maxBytes) / Math.max(per.compressed, 1e-3),
      cells > 0 ? (0.99 * limits.maxCells) / cells - 1 : Number.POSITIVE_INFINITY,
    ),
  );
}

/** A file of that kind, in memory (for tests: a few megabytes at most), with more entries if given (pictures). */
export function generateOfficeFile(
  kind: GeneratedKind,
  units: number,
  extra: Array<{ path: string; data: Uint8Array }> = [],
): Uint8Array {
  return writeZip([
    ...partsOf(kind, units).map((part) => ({
      path: part.name,
      data: Buffer.from([...part.chunks()].join(''), 'utf8'),
    })),
    ...extra,
  ]);
}

/**
 * Writes a file of that kind to `path`, streaming each part through zlib (a part is never
 * held whole: the largest are half a gigabyte). Returns its size and expanded size.
 */
export async function writeOfficeFile(
  path: string,
  kind: GeneratedKind,
  units: number,
): Promise<{ bytes: number; expandedBytes: number }> {
  const { createDeflateRaw } = await import('node:zlib');
  const file = await open(path, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  let expandedTotal = 0;
  try {
    for (const part of partsOf(kind, units)) {
      const name = Buffer.from(part.name, 'utf8');
      const headerAt = offset;
      offset += 30 + name.length;
      const deflater = createDeflateRaw({ level: 6 });
      let checksum = 0;
      let size = 0;
      let compressed = 0;
      const writes: Promise<unknown>[] = [];
      deflater.on('data', (chunk: Buffer) => {
        writes.push(file.write(chunk, 0, chunk.length, offset + compressed));
        compressed += chunk.length;
      });
      const ended = new Promise((resolve) => deflater.on('end', resolve));
      let pending: string[] = [];
      let pendingLength = 0;
      const flush = async () => {
        const data = Buffer.from(pending.join(''), 'utf8');
        pending = [];
        pendingLength = 0;
        checksum = crc32(data, checksum);
        size += data.length;
        if (!deflater.write(data)) await new Promise((resolve) => deflater.once('drain', resolve));
      };
      for (const chunk of part.chunks()) {
        pending.push(chunk);
        pendingLength += chunk.length;
        if (pendingLength > 1 << 20) await flush();
      }
      await flush();
      deflater.end();
      await ended;
      await Promise.all(writes);
      const header = Buffer.alloc(30 + name.length);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(8, 8);
      header.writeUInt32LE(checksum >>> 0, 14);
      header.writeUInt32LE(compressed, 18);
      header.writeUInt32LE(size, 22);
      header.writeUInt16LE(name.length, 26);
      name.copy(header, 30);
      await file.write(header, 0, header.length, headerAt);
      const entry = Buffer.alloc(46 + name.length);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(checksum >>> 0, 16);
      entry.writeUInt32LE(compressed, 20);
      entry.writeUInt32LE(size, 24);
      entry.writeUInt16LE(name.length, 28);
      entry.writeUInt32LE(headerAt, 42);
      name.copy(entry, 46);
      central.push(entry);
      offset += compressed;
      expandedTotal += size;
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(central.length, 8);
    end.writeUInt16LE(central.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    await file.write(Buffer.concat([directory, end]), 0, directory.length + 22, offset);
    return { bytes: offset + directory.length + 22, expandedBytes: expandedTotal };
  } finally {
    await file.close();
  }
}
