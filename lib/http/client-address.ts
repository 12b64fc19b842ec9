/**
 * The caller's address, set on every request by the server in front of Next (scripts/serve.mjs:
 * the socket's address, or the last X-Forwarded-For hop behind FLEETSCOPE_TRUST_PROXY). A value the
 * caller sends is replaced, never trusted.
 */
export const CLIENT_ADDRESS_HEADER = "x-fleetscope-client-address";
