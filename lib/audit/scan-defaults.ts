/**
 * Regions scanned at the same time by default: every commercial region at once. EC2 throttles
 * per account and region, so regions side by side do not take from each other's request budget.
 * (A module of its own: the environment's schema reads it without loading the AWS SDK.)
 */
export const DEFAULT_CONCURRENCY = 32;

/** Accounts scanned at the same time by default (FLEETSCOPE_AUDIT_ACCOUNT_CONCURRENCY); each scans its regions DEFAULT_CONCURRENCY at a time. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;
