// The body of the sign-in route, validated there and described in the OpenAPI document.
import { z } from "zod";

/** The body of POST /api/session. */
export const signInSchema = z.object({
  username: z.string({ error: "username is required" }).min(1, "username is required").max(64),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(1024),
});
