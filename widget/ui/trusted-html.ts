/**
 * Pages that enforce Trusted Types (`require-trusted-types-for 'script'`) take HTML only
 * through a policy: the widget's is named `confab`, which such a page lists in its
 * `trusted-types` directive. The policy passes HTML through as it is: what it is given is
 * either marked's output on its way into an inert DOMParser document, or what the allow-list
 * made of it (sanitize-html.ts). Made on the first markdown message, not before. Where the
 * page enforces Trusted Types without allowing `confab`, parsing throws and the caller shows
 * the text as text.
 */
interface Policy {
  createHTML(html: string): unknown;
}
interface TrustedTypes {
  createPolicy(name: string, rules: { createHTML(html: string): string }): Policy;
}

let policy: Policy | null | undefined;

/** HTML as a page enforcing Trusted Types takes it (TrustedHTML), else the string itself. Typed as a string: that is how the DOM's sinks are declared. */
export function trustedHtml(html: string): string {
  if (policy === undefined) {
    const trustedTypes = (globalThis as { trustedTypes?: TrustedTypes }).trustedTypes;
    try {
      policy = trustedTypes ? trustedTypes.createPolicy('confab', { createHTML: (s) => s }) : null;
    } catch {
      policy = null; // the page does not allow the name: its sinks refuse strings, and the caller falls back
    }
  }
  return (policy ? policy.createHTML(html) : html) as string;
}
