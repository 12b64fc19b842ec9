/** Why one item of a run was not stored: `rejected` (the bytes are not a usable profile) or `failed` (they could not be read). */
export class ItemError extends Error {
  constructor(
    readonly outcome: "rejected" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "ItemError";
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Why a whole run stopped (a listing it cannot do, an ECS cluster that is not there): its message is shown as the run's error. */
export class RunFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunFailed";
  }
}
