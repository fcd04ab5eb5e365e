import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, describeValidation } from './validation-messages.ts';

const issueOf = (schema: z.ZodType, value: unknown, reportInput = false) =>
  schema.safeParse(value, { reportInput }).error!.issues[0]!;

describe('describeIssue', () => {
  it('names the type received, whether or not zod reported the input', () => {
    for (const reportInput of [false, true]) {
      const issue = issueOf(z.object({ revision: z.number() }), { revision: 'one' }, reportInput);
      expect(describeIssue(issue, 'fr')).toBe('attendu : un nombre, reçu : un texte');
      expect(describeIssue(issue, 'en')).toBe('expected a number, received a text');
    }
  });

  it('says a value is missing only when it is', () => {
    const issue = issueOf(z.object({ revision: z.number() }), {});
    expect(describeIssue(issue, 'fr')).toBe('valeur manquante');
    expect(describeIssue(issue, 'en')).toBe('missing value');
    const nothing = issueOf(z.object({ title: z.string() }), { title: null });
    expect(describeIssue(nothing, 'en')).toBe('expected a text, received nothing (null)');
  });

  it('leaves the library’s own words out when a schema gives its own message', () => {
    const issue = issueOf(z.object({ n: z.number({ message: 'anything' }) }), { n: 'x' });
    expect(describeIssue(issue, 'fr')).toBe('attendu : un nombre');
    expect(describeIssue(issue, 'en')).toBe('expected a number');
  });

  it('words a whole validation with where it failed', () => {
    const schema = z.object({ changes: z.object({ priority: z.number() }) });
    const { texts, field } = describeValidation([issueOf(schema, { changes: { priority: true } })], {
      fr: 'Action',
      en: 'Action',
    });
    expect(field).toBe('changes.priority');
    expect(texts.fr).toBe(
      'Action : valeur non valide (changes.priority) : attendu : un nombre, reçu : vrai ou faux.',
    );
    expect(texts.en).toBe(
      'Action: invalid value (changes.priority): expected a number, received true or false.',
    );
  });
});
