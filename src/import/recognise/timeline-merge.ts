import type { Objective, SourceLocation } from '../../core/plan-schema.ts';
import { foldText } from '../../core/text.ts';
import { newObjective, readAxisHeading, type PlanBuilder } from './plan-builder.ts';
import { missingYears, type TimelineTable } from './synthesis-timeline.ts';

/**
 * Merges the synthesis timeline tables into the plan built from the detailed tables: each
 * timeline row joins the objective of the same (fuzzy) title in its axis, or becomes a new
 * objective (general when shaded or placed like one, else under the general objective above
 * it). Returns the academic years of the timeline headers, in the order the source gives them.
 */
export function mergeTimelines(
  builder: PlanBuilder,
  timelines: Array<{ table: TimelineTable; leadTitle: string | null }>,
): string[] {
  const years: string[] = [];
  const warnedHeaders = new Set<string>();
  let axis = null as ReturnType<PlanBuilder['findAxis']>;
  let general: Objective | null = null;
  for (const { table, leadTitle } of timelines) {
    for (const year of table.years) if (!years.includes(year)) years.push(year);
    const signature = table.years.join(',');
    const missing = warnedHeaders.has(signature) ? [] : missingYears(table.years);
    warnedHeaders.add(signature);
    for (const year of missing) {
      builder.warn(
        'timeline-year-missing',
        {
          fr: `L’en-tête de la ligne du temps du tableau ${table.table} (et des tableaux au même en-tête) saute l’année académique ${year} : ${table.years.join(', ')}.`,
          en: `The timeline header of table ${table.table} (and the tables with the same header) skips the academic year ${year}: ${table.years.join(', ')}.`,
        },
        { table: table.table, row: table.yearRow },
      );
    }
    const title = table.titles[table.titles.length - 1] ?? leadTitle;
    // "Ligne du temps de l'axe 2", "Chronogramme": a timeline's own title names at most the axis number.
    const generic = title
      ? /\b(ligne du temps|chronogramme|timeline|calendrier|planning|tableau de synth|gantt)/i.test(
          foldText(title),
        )
      : false;
    const numbered = title ? /\b(?:axe|axis)\s*(\d+)/i.exec(title) : null;
    if (title && generic) {
      const byNumber = numbered ? builder.axes.find((a) => a.number === numbered[1]) : undefined;
      if (byNumber) {
        axis = byNumber;
        general = null;
      }
    } else if (title) {
      const heading = readAxisHeading(title);
      const axisTitle = heading?.title ?? title;
      const byNumber = heading ? builder.axes.find((a) => a.number === heading.number) : undefined;
      const found = builder.findAxis(axisTitle) ?? byNumber;
      axis = found ?? builder.startAxis(heading?.number ?? null, axisTitle);
      general = null;
    }
    axis ??= builder.axes[0] ?? builder.startAxis(null, '');
    for (const entry of table.entries) {
      const match = builder.findObjective(axis, entry.label, 0.75);
      let objective;
      if (match) {
        objective = match.objective;
        if (!match.parent) general = objective;
      } else {
        const isGeneral = entry.looksGeneral === true || (entry.looksGeneral === null && general === null);
        objective = objectiveFromTimeline(entry.label, { table: table.table, row: entry.sourceRow });
        if (isGeneral || !general) {
          axis.objectives.push(objective);
          general = objective;
        } else {
          general.objectives.push(objective);
        }
      }
      builder.applyTimeline(objective, entry);
    }
  }
  return years;
}

function objectiveFromTimeline(title: string, source: SourceLocation): Objective {
  return newObjective({ title, source });
}
