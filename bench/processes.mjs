// The processes a bench script starts: Node scripts that print the port they serve on (`ready
// PORT`, or the proxy's `listening on http://HOST:PORT`), killed when the script exits.
import { spawn } from "node:child_process";

const children = [];
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts `node ...args` (pinned to `cpu` with taskset, when given) and resolves with its port once it prints it. */
export function startNode(args, cpu) {
  const command = cpu === undefined ? process.execPath : "taskset";
  const argv = cpu === undefined ? args : ["-c", String(cpu), process.execPath, ...args];
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (part) => {
      out += part;
      const ready = /ready (\d+)/.exec(out) ?? /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (ready) resolve({ child, port: Number(ready[1]) });
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}: ${out}`)));
  });
}
