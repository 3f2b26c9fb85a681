/**
 * happy-dom's Node.prototype.nodeName getter returns '' (the real names live on subclass
 * getters). DOMPurify >= 3.4.8 reads nodeName through Node.prototype for its anti-clobbering
 * checks, so under happy-dom it sanitizes nothing (capricorn86/happy-dom#2182,
 * cure53/DOMPurify#1457). This restores the spec behaviour: the node's own nodeName.
 * vitest.config.ts loads it before every component test file, so before anything imports
 * DOMPurify. Browsers are unaffected; the browser suite is what proves sanitizing for real.
 */
const base = Object.getOwnPropertyDescriptor(Node.prototype, 'nodeName');

if (base?.get && base.configurable) {
  Object.defineProperty(Node.prototype, 'nodeName', {
    configurable: true,
    get(this: Node): string {
      for (let proto = Object.getPrototypeOf(this); proto && proto !== Node.prototype; proto = Object.getPrototypeOf(proto)) {
        const own = Object.getOwnPropertyDescriptor(proto, 'nodeName');
        if (own?.get) return own.get.call(this) as string;
      }
      return '';
    },
  });
}
