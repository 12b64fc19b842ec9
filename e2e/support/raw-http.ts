// Requests that fetch would not send as they are (a raw path with a stray %, a body cut short).
import net from "node:net";

export type RawResponse = { status: number; headers: Record<string, string>; body: string; elapsedMs: number };

function parse(raw: string, started: number): RawResponse {
  const [head = "", ...rest] = raw.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n"), elapsedMs: Date.now() - started };
}

/**
 * Send `head` (request line and headers, without the blank line) and `body`, then read until the
 * server has answered: the whole response when it closes, or `timeoutMs`.
 */
export function rawRequest(port: number, head: string, body: Buffer | string = "", timeoutMs = 10_000): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    const timer = setTimeout(() => {
      socket.destroy();
      if (data) resolve(parse(data, started));
      else reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("data", (d) => {
      data += d.toString("latin1");
      const response = parse(data, started);
      const length = Number(response.headers["content-length"] ?? NaN);
      if (Number.isFinite(length) && Buffer.byteLength(response.body, "latin1") >= length) {
        clearTimeout(timer);
        socket.destroy();
        resolve(response);
      }
    });
    socket.on("end", () => {
      clearTimeout(timer);
      resolve(parse(data, started));
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      if (data) resolve(parse(data, started));
      else reject(err);
    });
    socket.write(`${head}\r\n\r\n`);
    if (body.length) socket.write(body);
  });
}
