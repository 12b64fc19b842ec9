import { escapeXml } from "./xml";

/** An error the fake endpoint answers with, in EC2's own codes and HTTP statuses. */
export class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "Ec2Error";
  }
}

export function authFailure(): Ec2Error {
  return new Ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
}

export function unauthorizedOperation(action: string): Ec2Error {
  return new Ec2Error(
    "UnauthorizedOperation",
    `You are not authorized to perform this operation. User is not authorized to perform: ec2:${action} with an explicit deny in a service control policy`,
    403,
  );
}

export function requestLimitExceeded(): Ec2Error {
  return new Ec2Error("RequestLimitExceeded", "Request limit exceeded.", 503);
}

export function invalidParameterValue(message: string): Ec2Error {
  return new Ec2Error("InvalidParameterValue", message, 400);
}

export function invalidParameterCombination(message: string): Ec2Error {
  return new Ec2Error("InvalidParameterCombination", message, 400);
}

export function invalidAction(action: string): Ec2Error {
  return new Ec2Error("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
}

export function missingParameter(name: string): Ec2Error {
  return new Ec2Error("MissingParameter", `The request must contain the parameter ${name}`, 400);
}

/** EC2's error document (note: `RequestID`, unlike `requestId` in successful responses). */
export function errorDocument(error: Ec2Error, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}
