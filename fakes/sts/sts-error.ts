import { escapeXml } from "../ec2/xml";

export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

/** An error the fake STS answers with, in STS's own codes, types and HTTP statuses. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
    this.name = "StsError";
  }
}

export const FAKE_CALLER_ARN = "arn:aws:iam::000000000000:user/fleetscope";

export function accessDenied(roleArn: string): StsError {
  return new StsError("AccessDenied", `User: ${FAKE_CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
}

export function accountSuspended(accountId: string): StsError {
  return new StsError("AccessDenied", `The account ${accountId} is suspended: its roles cannot be assumed until it is reinstated`, 403);
}

export function regionDisabled(accountId: string): StsError {
  return new StsError(
    "RegionDisabledException",
    `STS is not activated in this region for account:${accountId}. Your account administrator can activate STS in this region using the IAM Console.`,
    403,
  );
}

export function throttling(): StsError {
  return new StsError("Throttling", "Rate exceeded", 400);
}

export function validationError(message: string): StsError {
  return new StsError("ValidationError", message, 400);
}

/** STS's Query-protocol error document. */
export function stsErrorDocument(error: StsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}
