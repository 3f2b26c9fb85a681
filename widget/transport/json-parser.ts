import { Emitter } from '@socket.io/component-emitter';

/**
 * Socket.IO's packet codec for the widget, text only. The widget sends and receives JSON and
 * never binary, so socket.io-parser's binary support (attachments, their reconstruction and
 * checks: about 2 KB gzip) stays out of the bundle; vite.config.ts puts this module in its
 * place for the panel build. For every packet without binary data the strings are those of
 * socket.io-parser (json-parser.test.ts checks both directions against it), so the server
 * keeps the standard parser and other clients are unaffected.
 */
export const protocol = 5;

export const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 } as const;

export interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

export class Encoder {
  encode(packet: Packet): string[] {
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

export class Decoder extends Emitter<Record<string, never>, Record<string, never>, { decoded: (packet: Packet) => void }> {
  add(chunk: unknown): void {
    if (typeof chunk !== 'string') throw new Error('binary data is not expected');
    this.emitReserved('decoded', decodePacket(chunk));
  }

  destroy(): void {}
}

/** One packet string: type, then `/nsp,` unless the main namespace, an ack id, the JSON payload. */
export function decodePacket(text: string): Packet {
  const type = Number(text[0]);
  // Binary packets (5, 6) announce attachments this decoder never takes: refused like garbage.
  if (!(type >= PacketType.CONNECT && type <= PacketType.CONNECT_ERROR)) throw new Error(`unknown packet type ${text[0]}`);
  const packet: Packet = { type, nsp: '/' };
  let at = 1;
  if (text[at] === '/') {
    const comma = text.indexOf(',', at);
    const end = comma < 0 ? text.length : comma;
    packet.nsp = text.slice(at, end);
    at = end + 1;
  }
  const digits = /^\d+/.exec(text.slice(at));
  if (digits) {
    packet.id = Number(digits[0]);
    at += digits[0].length;
  }
  if (at < text.length) {
    const data = parse(text.slice(at));
    if (!payloadValid(type, data)) throw new Error('invalid payload');
    packet.data = data;
  }
  return packet;
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return false;
  }
}

function payloadValid(type: number, data: unknown): boolean {
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  if (type === PacketType.CONNECT) return isObject;
  if (type === PacketType.CONNECT_ERROR) return isObject || typeof data === 'string';
  if (type === PacketType.EVENT) return Array.isArray(data) && (typeof data[0] === 'number' || (typeof data[0] === 'string' && !RESERVED_EVENTS.includes(data[0])));
  if (type === PacketType.ACK) return Array.isArray(data);
  return false; // DISCONNECT has no payload
}
