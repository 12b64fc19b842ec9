import type { Ec2ClientFactory } from "../../lib/audit/scan-types";

/**
 * Wraps a client factory so that each DescribeInstances call of `region` (every region when
 * undefined) records "start" when the client sends it and "end" when its answer is read, in
 * order: whether calls went out side by side or one after another, seen from the client (tests).
 */
export function recordInstanceCalls(factory: Ec2ClientFactory, region?: string): { factory: Ec2ClientFactory; events: string[] } {
  const events: string[] = [];
  const recording: Ec2ClientFactory = (name, defaults) => {
    const client = factory(name, defaults);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if ((region !== undefined && name !== region) || context.commandName !== "DescribeInstancesCommand") return next(args);
        events.push("start");
        try {
          return await next(args);
        } finally {
          events.push("end");
        }
      },
      { step: "initialize", name: "recordInstanceCalls" },
    );
    return client;
  };
  return { factory: recording, events };
}

/** `n` starts then `n` ends: calls all asked before any answered. */
export const sideBySide = (n: number): string => [...Array(n).fill("start"), ...Array(n).fill("end")].join(" ");
