/** Fills {{variable}} placeholders (dotted names allowed); unknown ones become empty. */
export function fillTemplate(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => variables[name] ?? '');
}

/** A value at a dot path of a JSON value ("order.items.0.name"), as text for a variable. */
export function valueAtPath(data: unknown, path: string): string | undefined {
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return undefined;
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}
