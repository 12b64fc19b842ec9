export { startFakeSts, type FakeStsAccount, type FakeStsOptions, type FakeStsServer } from "./server";
export { temporaryAccessKeyId, parseTemporaryAccessKeyId } from "./temporary-keys";
export { FAKE_CALLER_ARN } from "./sts-error";
