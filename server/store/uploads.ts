import type { Kysely } from 'kysely';
import type { Database, UploadRow } from './schema.js';

export interface Upload {
  id: string;
  botId: string;
  visitorId: string;
  file: string;
  name: string;
  mime: string;
  size: number;
  createdAt: string;
}

const toUpload = (r: UploadRow): Upload => ({
  id: r.id,
  botId: r.bot_id,
  visitorId: r.visitor_id,
  file: r.file,
  name: r.name,
  mime: r.mime,
  size: r.size,
  createdAt: r.created_at,
});

export function uploadStore(db: Kysely<Database>) {
  return {
    async create(u: Upload): Promise<void> {
      await db
        .insertInto('uploads')
        .values({ id: u.id, bot_id: u.botId, visitor_id: u.visitorId, file: u.file, name: u.name, mime: u.mime, size: u.size, created_at: u.createdAt })
        .execute();
    },

    /** Keeps the file's bytes in the database (several nodes: any of them serves it). */
    async saveContent(file: string, content: Buffer): Promise<void> {
      await db.insertInto('upload_contents').values({ file, content: content.toString('base64') }).execute();
    },

    /** The bytes saveContent kept, if it did. */
    async content(file: string): Promise<Buffer | undefined> {
      const row = await db.selectFrom('upload_contents').select('content').where('file', '=', file).executeTakeFirst();
      return row && Buffer.from(row.content, 'base64');
    },

    async byFile(file: string): Promise<Upload | undefined> {
      const row = await db.selectFrom('uploads').selectAll().where('file', '=', file).executeTakeFirst();
      return row && toUpload(row);
    },
  };
}
