import type { StructureRole } from '../../core/column-roles.ts';

/**
 * Outline numbers that give a row its level: "1" / "1.2" / "1.2.3" (the depth is the number of
 * parts), or a sequence of kinds ("I." then "A." then "1."), outermost first.
 */
export interface OutlineNumber {
  /** "a1", "a2"… for arabic numbers by depth, "roman", "letter". */
  key: string;
  /** The number as written, without its final dot: "1.2", "IV", "B". */
  value: string;
  /** The text after the number, when it was a prefix of the text. */
  rest: string;
}

/** The outline number a "N°" cell holds ("1.2.3", "2.", "IV", "B"), or null. */
export function readOutlineCell(text: string): OutlineNumber | null {
  const clean = text.trim();
  const arabic = /^(\d{1,3}(?:\.\d{1,3})*)\.?$/.exec(clean);
  if (arabic) return { key: `a${arabic[1]!.split('.').length}`, value: arabic[1]!, rest: '' };
  const roman = /^([IVXLC]{1,6})\.?$/.exec(clean);
  if (roman) return { key: 'roman', value: roman[1]!, rest: '' };
  const letter = /^([A-Z])\.?$/.exec(clean);
  if (letter) return { key: 'letter', value: letter[1]!, rest: '' };
  return null;
}

/** The outline number a title or an action's text starts with ("1.2 Formaliser…", "A. Diversifier…"), or null. */
export function readOutlinePrefix(text: string): OutlineNumber | null {
  const clean = text.replace(/\s+/g, ' ').trim();
  const dotted = /^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)/.exec(clean);
  if (dotted)
    return {
      key: `a${dotted[1]!.split('.').length}`,
      value: dotted[1]!,
      rest: clean.slice(dotted[0].length),
    };
  const single = /^(\d{1,3})\s*[.)]\s+(?=\S)/.exec(clean);
  if (single) return { key: 'a1', value: single[1]!, rest: clean.slice(single[0].length) };
  const roman = /^([IVXLC]{1,6})[.)]\s+(?=\S)/.exec(clean);
  if (roman) return { key: 'roman', value: roman[1]!, rest: clean.slice(roman[0].length) };
  const letter = /^([A-Z])[.)]\s+(?=\S)/.exec(clean);
  if (letter) return { key: 'letter', value: letter[1]!, rest: clean.slice(letter[0].length) };
  return null;
}

/**
 * The level each kind of number gives the title rows of a table, when their numbers show the
 * structure: title rows numbered at two depths or more ("1." and "1.1"), or at one depth above
 * numbered action rows ("1" above "1.1"). Kinds are ordered by depth for arabic numbers, by first
 * appearance otherwise ("I." before "A."); the innermost is the objective, the outermost the axis
 * unless the document gives the axis another way. Null when the numbers say nothing of levels.
 */
export function planOutlineLevels(
  titles: readonly OutlineNumber[],
  actions: readonly OutlineNumber[],
  axisGiven: boolean,
): Map<string, StructureRole> | null {
  const order: string[] = [];
  for (const n of titles) if (!order.includes(n.key)) order.push(n.key);
  const arabicDepth = (key: string) => (key.startsWith('a') ? Number(key.slice(1)) : null);
  // Arabic depths are ordered by depth, whatever came first; other kinds keep their order of appearance.
  if (order.every((k) => arabicDepth(k) !== null)) order.sort((a, b) => arabicDepth(a)! - arabicDepth(b)!);
  const actionKeys = new Set(actions.map((n) => n.key));
  // A kind that numbers actions is no level above them.
  const levels = order.filter((k) => !actionKeys.has(k));
  if (levels.length === 0) return null;
  if (levels.length === 1) {
    // One kind of numbered title: a level only above actions numbered another way ("1" above "1.1").
    const depth = arabicDepth(levels[0]!);
    const numberedBelow = [...actionKeys].some((k) => {
      const d = arabicDepth(k);
      return d === null || depth === null || d > depth;
    });
    if (!numberedBelow) return null;
  }
  const roles: StructureRole[][] = axisGiven
    ? [['objective'], ['generalObjective', 'objective'], ['subdimension', 'generalObjective', 'objective']]
    : [
        ['objective'],
        ['axis', 'objective'],
        ['axis', 'generalObjective', 'objective'],
        ['axis', 'subdimension', 'generalObjective', 'objective'],
      ];
  const chosen = roles[Math.min(levels.length, roles.length) - 1]!;
  const out = new Map<string, StructureRole>();
  levels.forEach((key, i) => out.set(key, chosen[Math.min(i, chosen.length - 1)]!));
  return out;
}
