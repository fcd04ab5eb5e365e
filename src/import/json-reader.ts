import { JalonError } from '../core/errors.ts';
import { describeIssue } from '../core/validation-messages.ts';
import { validatePlanCustomFields } from '../core/plan-custom-fields.ts';
import { planSchema, type Plan } from '../core/plan-schema.ts';
import { jsonSyntaxProblem } from './json-syntax.ts';

export interface JsonReadOptions {
  file?: string;
}

/** "axes[0].objectives[2].title" from a zod issue path. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/**
 * Reads a plan in the Jalon plan format (JSON). Invalid JSON and plans that do not follow
 * the format are refused with an error naming the file and the JSON path of the first problems.
 */
export function readJsonPlan(text: string, options: JsonReadOptions = {}): Plan {
  const file = options.file ?? 'JSON text';
  let data: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    data = JSON.parse(json);
  } catch (error) {
    // Our words, not JSON.parse's (English, and worded by the engine): it stays in details.
    const problem = jsonSyntaxProblem(json);
    throw new JalonError(
      'FILE_UNREADABLE',
      {
        fr: `${file} : JSON illisible : ${problem.fr}.`,
        en: `${file}: not valid JSON: ${problem.en}.`,
      },
      {
        location: { file },
        details: { reason: (error as Error).message },
        cause: error,
      },
    );
  }
  const result = planSchema.safeParse(data);
  if (!result.success) {
    const issues = (lang: 'fr' | 'en') =>
      result.error.issues
        .slice(0, 5)
        .map(
          (issue) => `${formatPath(issue.path)}${lang === 'fr' ? ' :' : ':'} ${describeIssue(issue, lang)}`,
        );
    const first = result.error.issues[0];
    const texts = {
      fr: `${file} : ce n’est pas un plan Jalon : ${issues('fr').join(' ; ')}.`,
      en: `${file}: not a Jalon plan: ${issues('en').join('; ')}.`,
    };
    throw new JalonError('INVALID_PLAN', texts, {
      location: { file, field: first ? formatPath(first.path) : undefined },
      details: result.error.issues,
    });
  }
  // The values of the template's own columns follow its types: a plan whose budget column holds a word is refused like any other invalid field.
  const customIssues = validatePlanCustomFields(result.data);
  if (customIssues.length) {
    const issues = (lang: 'fr' | 'en') =>
      customIssues
        .slice(0, 5)
        .map((c) => `${formatPath(c.path)}${lang === 'fr' ? ' :' : ':'} ${describeIssue(c.issue, lang)}`);
    throw new JalonError(
      'INVALID_PLAN',
      {
        fr: `${file} : des valeurs ne suivent pas le modèle du plan : ${issues('fr').join(' ; ')}.`,
        en: `${file}: values do not follow the plan's template: ${issues('en').join('; ')}.`,
      },
      {
        location: { file, field: formatPath(customIssues[0]!.path) },
        details: customIssues.map((c) => ({ ...c.issue, path: c.path })),
      },
    );
  }
  return result.data;
}
