/** What a server action's form shows after submit. */
export type ActionState = { ok: boolean; message: string; errors?: Record<string, string>; secret?: string };

export const initialActionState: ActionState = { ok: false, message: "" };
