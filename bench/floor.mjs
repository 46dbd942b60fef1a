// The floor: the least any Node gateway can cost. node:http in, one keep-alive undici Pool out;
// it rewrites the model name and relays status, content type and bytes. Nothing else.
import { createServer } from "node:http";
import { Pool } from "undici";

const [port, upstreamUrl] = [Number(process.argv[2] ?? 0), process.argv[3]];
const upstream = new URL(upstreamUrl);
const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 60_000 });

const server = createServer(async (req, res) => {
  const parts = [];
  for await (const part of req) parts.push(part);
  const body = JSON.parse(Buffer.concat(parts).toString("utf8"));
  body.model = body.model.slice(body.model.indexOf("/") + 1);
  const answer = await pool.request({
    // The endpoint's path under the upstream's /v1: /v1/chat/completions → …/chat/completions.
    path: `${upstream.pathname}${req.url.replace(/^\/v1/, "")}`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  res.writeHead(answer.statusCode, { "content-type": answer.headers["content-type"] });
  answer.body.on("data", (part) => res.write(part)).on("end", () => res.end());
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => process.stdout.write(`ready ${server.address().port}\n`));
