/** Limits both sides enforce; the server is the one that must. */
export const MAX_MESSAGE_LENGTH = 5_000;
/** Largest socket payload the server reads, in bytes. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;
export const MAX_CLIENT_ID_LENGTH = 64;
/** Messages returned by one history fetch. */
export const HISTORY_PAGE_SIZE = 200;
/** 003 allows up to three buttons in a button_template. */
export const MAX_TEMPLATE_OPTIONS = 3;
/** An owner's password (as CONFAB_OWNER_PASSWORD): the console checks as it is typed. */
export const OWNER_PASSWORD_MIN = 10;
export const OWNER_PASSWORD_MAX = 200;
