import type { HistoryEntry } from '../../core/api/actions.ts';
import type { AuditEntry } from '../../core/api/plans.ts';
import type { Language, LocalizedText } from '../../core/errors.ts';

type UserNames = Map<string, string>;

/** Who wrote what a since deleted account wrote. */
export const deletedAccountName: LocalizedText = { fr: 'compte supprimé', en: 'deleted account' };

function who(users: UserNames, id: string | null, lang: Language = 'fr') {
  return id ? { id, name: users.get(id) ?? deletedAccountName[lang] } : null;
}

function iso(at: string): string {
  return new Date(at).toISOString();
}

/** An object's history, oldest first: edits, status changes (with their date) and comments. */
export function presentHistory(
  users: UserNames,
  edits: Array<{
    id: number;
    at: string;
    userId: string | null;
    action: string;
    before: unknown;
    after: unknown;
  }>,
  statuses: Array<{
    id: number;
    at: string;
    userId: string | null;
    date: string;
    statusBefore: string | null;
    statusAfter: string;
    labelBefore: string | null;
    labelAfter: string | null;
    comment: string | null;
  }>,
  comments: Array<{ id: number; at: string; userId: string | null; text: string }>,
  /** The reader's language, for the name of a deleted account. */
  lang: Language = 'fr',
): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    ...edits.map((e) => ({
      id: `edit-${e.id}`,
      at: iso(e.at),
      user: who(users, e.userId, lang),
      kind: 'edit' as const,
      before: e.before,
      after: e.after,
      comment: null,
    })),
    ...statuses.map((s) => ({
      id: `status-${s.id}`,
      at: iso(s.at),
      user: who(users, s.userId, lang),
      kind: 'status' as const,
      before: { status: s.statusBefore, statusLabel: s.labelBefore },
      after: { status: s.statusAfter, statusLabel: s.labelAfter },
      comment: s.comment,
      date: s.date,
    })),
    ...comments.map((c) => ({
      id: `comment-${c.id}`,
      at: iso(c.at),
      user: who(users, c.userId, lang),
      kind: 'comment' as const,
      before: null,
      after: null,
      comment: c.text,
    })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

export function presentAuditEntry(
  users: UserNames,
  e: {
    id: number;
    at: string;
    userId: string | null;
    action: string;
    objectType: string;
    objectId: string | null;
    before: unknown;
    after: unknown;
  },
  lang: Language = 'fr',
): AuditEntry {
  return {
    id: String(e.id),
    at: iso(e.at),
    user: who(users, e.userId, lang),
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    before: e.before,
    after: e.after,
  };
}
