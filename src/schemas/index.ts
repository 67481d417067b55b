export * from './custom-hostname.js';
export * from './enums.js';
export * from './envelope.js';
export * from './fallback-origin.js';
export { openEnum } from './open-enum.js';
