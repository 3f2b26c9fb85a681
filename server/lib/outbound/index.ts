export { addressKind, isAllowed, isLocalhostName, parseAllowEntry, parseAllowList, type AddressKind, type AllowEntry } from './address-policy.js';
export { checkTarget, createOutboundClient, MAX_REDIRECTS, OutboundError, type OutboundClient, type OutboundErrorCode, type OutboundRequest, type Resolver, type Target } from './outbound-client.js';
