export { startFakeEcs, FAKE_ECS_ACTIONS, type FakeEcsCluster, type FakeEcsOptions, type FakeEcsServer, type FakeTask } from "./server";
