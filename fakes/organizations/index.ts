export { startFakeOrganizations, type FakeOrgAccount, type FakeOrganizationsOptions, type FakeOrganizationsServer } from "./server";
