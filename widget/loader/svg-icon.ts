const SVG_NS = 'http://www.w3.org/2000/svg';

/** An inline 24×24 icon of one path; DOM calls rather than innerHTML, for pages enforcing Trusted Types. */
export function svgIcon(path: string, className: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  const shape = document.createElementNS(SVG_NS, 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

/** The launcher's picture in place of the chat icon (data-launcher-icon, or the bot's 002 icon). */
export function launcherImage(src: string): HTMLImageElement {
  const img = document.createElement('img');
  img.className = 'icon-chat';
  img.alt = ''; // the button's label names it
  img.src = src;
  return img;
}
