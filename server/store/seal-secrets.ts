import type { Kysely } from 'kysely';
import type { BotSettings } from '../definitions/bot-definition.js';
import { mapAiContextSecrets, mapFlowSecrets, mapSettingsSecrets, type SecretMap } from '../definitions/secret-fields.js';
import { isSealed, type SecretBox } from '../lib/secret-box.js';
import type { Database } from './schema.js';

/**
 * At startup, every secret that a version without encryption stored in plaintext is sealed
 * in place, so an upgrade leaves none behind (reads also accept plaintext: nothing breaks
 * before this runs). Already sealed rows are left alone; a second run changes nothing. A
 * sealed value the key cannot open stops the start with a message naming the key (a lost
 * DATA_DIR/encryption-key next to a PostgreSQL database), rather than failing request by request.
 */
export async function sealStoredSecrets(db: Kysely<Database>, box: SecretBox): Promise<number> {
  let sealed = 0;
  const seal = <T>(map: SecretMap<T>, doc: T): T | undefined => {
    let changed = false;
    const next = map(doc, (_path, value) => {
      if (isSealed(value)) {
        box.open(value);
        return value;
      }
      changed = true;
      return box.seal(value);
    });
    return changed ? next : undefined;
  };

  for (const row of await db.selectFrom('bots').select(['id', 'settings']).execute()) {
    const next = seal(mapSettingsSecrets, JSON.parse(row.settings) as BotSettings);
    if (!next) continue;
    await db.updateTable('bots').set({ settings: JSON.stringify(next) }).where('id', '=', row.id).execute();
    sealed += 1;
  }
  for (const [table, map] of [
    ['flows', mapFlowSecrets],
    ['ai_contexts', mapAiContextSecrets],
  ] as const) {
    for (const row of await db.selectFrom(table).select(['id', 'body']).execute()) {
      const next = seal(map as SecretMap<object>, JSON.parse(row.body) as object);
      if (!next) continue;
      await db.updateTable(table).set({ body: JSON.stringify(next) }).where('id', '=', row.id).execute();
      sealed += 1;
    }
  }
  return sealed;
}
