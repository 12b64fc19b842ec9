export { startFakeEc2, FAKE_EC2_ACTIONS, type FakeEc2Options, type FakeEc2Server, type LatencyMs } from "./server";
export { generateFleet, EDGE_GROUPS, type EdgeGroupName, type GenerateFleetOptions, type PerRegion } from "./generate-fleet";
export { fakeInstance, fakeRegion, fakeSecurityGroup, groupRef, tagsOf, type FakeInstanceSpec } from "./fleet-builders";
export { REGION_NAMES, defaultOptInStatus } from "./region-names";
export { CallStats, type CallCounts } from "./call-stats";
export type { ThrottleConfig } from "./throttle";
export * from "./fleet-types";
export { fakeEc2ClientFactory, FAKE_CREDENTIALS, type FakeClientOptions } from "./client-factory";
export { demoFleet, demoLatency, DEMO_DENIED_REGION, DEMO_PAGE_SIZE, DEMO_REGIONS, DEMO_SLOW_REGION } from "./demo-fleet";
