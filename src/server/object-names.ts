import type { Role } from '../core/api/auth.ts';
import type { LocalizedText } from '../core/errors.ts';

/**
 * The objects the API's messages name, in both languages, with what French grammar needs of
 * them: "L'action a été modifiée", "Le plan a été modifié".
 */
const objects = {
  plan: { fr: 'plan', article: 'le', feminine: false, en: 'plan' },
  action: { fr: 'action', article: "l'", feminine: true, en: 'action' },
  axis: { fr: 'axe', article: "l'", feminine: false, en: 'axis' },
  subdimension: { fr: 'sous-dimension', article: 'la', feminine: true, en: 'sub-dimension' },
  objective: { fr: 'objectif', article: "l'", feminine: false, en: 'objective' },
  version: { fr: 'version', article: 'la', feminine: true, en: 'version' },
  evidence: { fr: 'preuve', article: 'la', feminine: true, en: 'piece of evidence' },
  calendarFeed: { fr: 'calendrier', article: 'le', feminine: false, en: 'calendar feed' },
  import: { fr: 'import', article: "l'", feminine: false, en: 'import' },
  user: { fr: 'utilisateur', article: "l'", feminine: false, en: 'user' },
  membership: { fr: 'rôle', article: 'le', feminine: false, en: 'role' },
  recommendation: { fr: 'recommandation', article: 'la', feminine: true, en: 'recommendation' },
  institution: { fr: 'institution', article: "l'", feminine: true, en: 'institution' },
  programme: { fr: 'programme', article: 'le', feminine: false, en: 'programme' },
  token: { fr: 'jeton', article: 'le', feminine: false, en: 'token' },
  rule: { fr: 'règle de rôle', article: 'la', feminine: true, en: 'role rule' },
  cluster: { fr: 'groupe de plans', article: 'le', feminine: false, en: 'cluster' },
  template: { fr: 'modèle', article: 'le', feminine: false, en: 'template' },
} as const;
export type ObjectName = keyof typeof objects;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Action introuvable." / "Action not found." */
export function notFoundText(object: ObjectName, detail?: string): LocalizedText {
  const o = objects[object];
  const what = detail ? ` ${detail}` : '';
  return { fr: `${capitalised(o.fr)}${what} introuvable.`, en: `${capitalised(o.en)}${what} not found.` };
}

/** A stale write's message: the object changed since the client read it. */
export function changedMeanwhileText(object: ObjectName, sent: number, current: number): LocalizedText {
  const o = objects[object];
  const subject = o.article.endsWith("'") ? `${o.article}${o.fr}` : `${o.article} ${o.fr}`;
  return {
    fr: `${capitalised(subject)} a été modifié${o.feminine ? 'e' : ''} entre-temps (révision ${current}, vous aviez la ${sent}) : rechargez et réappliquez votre modification.`,
    en: `The ${o.en} was changed in the meantime (revision ${current}, you had ${sent}): reload it and apply your change again.`,
  };
}

const roleNames: Record<Role, LocalizedText> = {
  admin: { fr: 'administrateur·rice', en: 'administrator' },
  coordinator: { fr: 'coordination', en: 'coordinator' },
  site_editor: { fr: 'éditeur·rice d’implantation', en: 'site editor' },
  contributor: { fr: 'contributeur·rice', en: 'contributor' },
  reader: { fr: 'lecteur·rice', en: 'reader' },
};

/** "Modifier ce plan : votre rôle (lecteur·rice) ne le permet pas." */
export function roleForbidsText(what: LocalizedText, role: Role): LocalizedText {
  return {
    fr: `${what.fr} : votre rôle (${roleNames[role].fr}) ne le permet pas.`,
    en: `${what.en}: your role (${roleNames[role].en}) does not allow it.`,
  };
}
