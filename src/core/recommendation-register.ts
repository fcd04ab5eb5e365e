import type { Recommendation } from './plan-schema.ts';
import { foldText } from './text.ts';

/**
 * Reads the experts' recommendations pasted from their report into a register. Understands
 * criterion headings ("Critère 3 : La cohérence interne du programme"), numbered recommendations
 * ("Recommandation 6 : …", "R6 - …", "6. …", "6) …"), bullets numbered in order, lines that
 * continue the previous recommendation, and tab-separated rows "criterion<TAB>number<TAB>text"
 * as copied from a table.
 */
export function parseRecommendationRegister(text: string): Recommendation[] {
  const register: Recommendation[] = [];
  let criterion: string | null = null;
  let current: Recommendation | null = null;
  const push = (number: string | null, body: string) => {
    const autoNumber = number ?? String(register.filter((r) => r.criterion === criterion).length + 1);
    current = { criterion, number: autoNumber, text: body.trim(), justification: null };
    register.push(current);
  };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\u00a0/g, ' ').trim();
    if (!line) {
      current = null;
      continue;
    }
    const cells = rawLine.split('\t').map((c) => c.trim());
    if (cells.length >= 3 && /^\d+$/.test(cells[1]!)) {
      criterion = cells[0]!.match(/\d+/)?.[0] ?? (cells[0] || null);
      push(cells[1]!, cells.slice(2).join(' '));
      current = null;
      continue;
    }
    const folded = foldText(line);
    const heading = /^(?:critere|criterion)\s*(\d+)\b\s*[:.–-]?\s*(.*)$/.exec(folded);
    if (heading && !/^(?:critere|criterion)\s*\d+\s*[,;]\s*(?:recommandation|recommendation)/.test(folded)) {
      criterion = heading[1]!;
      current = null;
      continue;
    }
    const numbered =
      /^(?:(?:recommandation|recommendation|reco\.?|r)\s*(?:n[°o]\s*)?(\d+)|(\d+)\s*[.)])\s*[:.–-]?\s*(.*)$/i.exec(
        folded,
      );
    if (numbered) {
      const number = numbered[1] ?? numbered[2]!;
      push(number, line.slice(line.length - numbered[3]!.length));
      continue;
    }
    const bullet = /^[-•*–]\s+(.*)$/.exec(line);
    if (bullet) {
      push(null, bullet[1]!);
      continue;
    }
    if (current) (current as Recommendation).text = `${(current as Recommendation).text} ${line}`.trim();
    else push(null, line);
  }
  return register;
}
