/** A file an agent sent, stored by the server and ready to go out with agent:message. */
export interface AgentUpload {
  link: string;
  type: 'image' | 'file';
  name: string;
}

export type UploadResult = { data: AgentUpload; error?: undefined } | { data?: undefined; error: string };

export type UploadAgentFile = (server: string, token: string, file: File) => Promise<UploadResult>;

/** POST /api/console/uploads with the agent's token; an error comes back as a sentence, never thrown. */
export const uploadAgentFile: UploadAgentFile = async (server, token, file) => {
  const body = new FormData();
  body.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`${server}/api/console/uploads`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
  } catch {
    return { error: `Could not upload ${file.name}: the server cannot be reached.` };
  }
  const json = (await res.json().catch(() => null)) as { status?: string; data?: AgentUpload; message?: string } | null;
  if (res.ok && json?.status === 'success' && json.data?.link) return { data: json.data };
  return { error: `Could not upload ${file.name}: ${json?.message ?? `the server answered ${res.status}`}.` };
};
