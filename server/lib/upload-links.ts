/** A stored upload's file name: a random id and the extension of the type found in it. */
export const UPLOAD_FILE = /^[\w-]+\.[a-z0-9]+$/;

/**
 * The one link of an uploaded file: under this server's public URL (PUBLIC_URL), whatever
 * name a request reached it by. It is what the upload routes answer, what a visitor's media
 * event is stored with, and what webhook bots and the thread API see.
 */
export function uploadLink(publicUrl: string, file: string): string {
  return new URL(`${publicUrl}/uploads/${encodeURIComponent(file)}`).href;
}

/**
 * The stored file a link names, only when the link is that file's upload link on this
 * server (a URL parser's spelling of it: case, default port); anything else is undefined:
 * another scheme (`javascript:/uploads/x.png`), another host, a query, a fragment, a user.
 */
export function uploadFileOf(link: string, publicUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  if (!UPLOAD_FILE.test(file)) return undefined;
  return url.href === uploadLink(publicUrl, file) ? file : undefined;
}
