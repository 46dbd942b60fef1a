import { describe, expect, it } from "vitest";
import { ProxyError } from "../../src/errors.js";
import { AttemptDeadline } from "../../src/resilience/deadline.js";
import { wait } from "../../src/resilience/wait.js";
import { Cancellation } from "../../src/upstream/cancellation.js";

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe("waiting between attempts", () => {
  it("resolves after the wait, leaving no listener behind", async () => {
    const cancellation = new Cancellation();
    await wait(5, cancellation);
    expect(cancellation.listenerCount("abort")).toBe(0);
  });

  it("stops at once when the client leaves, leaving no timer behind", async () => {
    const cancellation = new Cancellation();
    const before = timers();
    const waiting = wait(60_000, cancellation);
    expect(timers()).toBe(before + 1);
    const reason = new ProxyError(499, "gone");
    cancellation.cancel(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(timers()).toBe(before);
    await expect(wait(1, cancellation)).rejects.toBe(reason);
  });
});

describe("an attempt's deadline", () => {
  it("aborts the attempt with deadline_exceeded when it passes, and follows the client's cancellation", async () => {
    const client = new Cancellation();
    const deadline = new AttemptDeadline(client, 5, 1234);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ status: 504, code: "deadline_exceeded", message: expect.stringContaining("1234 ms") });

    const committed = new AttemptDeadline(client, 5, 1234);
    committed.committed();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(committed.signal.aborted).toBe(false);
    client.cancel("client gone");
    expect(committed.signal.reason).toBe("client gone");
  });

  it("leaves no timer or listener once disposed", () => {
    const client = new Cancellation();
    const before = timers();
    const deadline = new AttemptDeadline(client, 60_000, 60_000);
    deadline.dispose();
    expect(timers()).toBe(before);
    expect(client.listenerCount("abort")).toBe(0);
  });
});
