import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/connection.ts';
import { findPlanVersion, setVersionPublication } from '../../db/repositories/follow-up.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/**
 * Publishes a frozen version at a public URL, or withdraws it. The address is random (it must
 * not be guessable from the plan), and stays the same if the version is published again.
 */
export async function publishVersion(
  db: Database,
  actor: Actor | null,
  planId: string,
  versionId: string,
  publish: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    const version = await findPlanVersion(tx, planId, versionId);
    if (!version) throw notFound('version');
    const slug = publish ? (version.publicSlug ?? randomBytes(12).toString('base64url')) : null;
    await setVersionPublication(tx, versionId, slug);
    await recordChange(tx, {
      actor,
      planId,
      action: publish ? 'version.publish' : 'version.unpublish',
      objectType: 'plan',
      objectId: planId,
      after: { versionId, label: version.label, publicPath: slug ? `/public/${slug}` : null },
    });
  });
}
