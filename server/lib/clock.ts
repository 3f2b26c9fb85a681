import type { Clock } from '../engine/types.js';

export const systemClock: Clock = { now: () => new Date() };
