import { HttpError } from "../http/errors";

/** The request's JSON body; an empty body is `{}`; anything else that is not JSON is a 400 saying so. */
export async function readJsonBody(request: Request, example: string): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, `the body must be JSON, e.g. ${example}`);
  }
}
