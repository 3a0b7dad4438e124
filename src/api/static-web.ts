import { existsSync, readFileSync, statSync } from "node:fs";
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { Duplex } from "node:stream";
import { gzipSync } from "node:zlib";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";

/** What the dashboard server serves and where it forwards the API. */
export interface WebServerOptions {
  /** The built dashboard (`web/dist`). */
  root: string;
  /** The API's origin, e.g. `http://127.0.0.1:8000`; `/api` requests (HTTP and WebSocket) go there. */
  apiOrigin: string;
  logger?: FastifyBaseLogger;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".map", ".svg", ".txt"]);
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

interface CachedFile {
  body: Buffer;
  gzip: Buffer | undefined;
  type: string;
  immutable: boolean;
}

function forwardedHeaders(incoming: IncomingMessage, keepUpgrade: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    if (!keepUpgrade && HOP_BY_HOP.has(name)) continue;
    headers[name] = value;
  }
  const address = incoming.socket.remoteAddress ?? "";
  const prior = incoming.headers["x-forwarded-for"];
  headers["x-forwarded-for"] = prior ? `${String(prior)}, ${address}` : address;
  headers["x-forwarded-proto"] = "http";
  if (incoming.headers.host) headers["x-forwarded-host"] = incoming.headers.host;
  return headers;
}

function badGateway(reply: FastifyReply): void {
  if (reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  reply.raw.writeHead(502, { "content-type": "application/json; charset=utf-8" });
  reply.raw.end(
    JSON.stringify({
      error: { code: "API_UNREACHABLE", message: "the dashboard server cannot reach the API" },
    }),
  );
}

/**
 * The dashboard's HTTP server: serves the built single-page app (hashed assets cached for a year, gzip when
 * accepted, every unknown extension-less path answered with index.html for the client router) and forwards
 * `/api` requests and WebSocket upgrades to the API with `X-Forwarded-For` (trusted by the API only when it
 * lists this server in TRUST_PROXY).
 */
export async function buildWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const root = resolve(options.root);
  const index = join(root, "index.html");
  if (!existsSync(index)) {
    throw new Error(`the dashboard is not built: ${index} is missing (run npm run build:web)`);
  }
  const api = new URL(options.apiOrigin);
  const app = Fastify({ ...(options.logger ? { loggerInstance: options.logger } : { logger: false }) });
  const cache = new Map<string, CachedFile>();

  const load = (path: string): CachedFile | undefined => {
    const hit = cache.get(path);
    if (hit) return hit;
    if (!existsSync(path) || !statSync(path).isFile()) return undefined;
    const extension = extname(path);
    const body = readFileSync(path);
    const file: CachedFile = {
      body,
      gzip: COMPRESSIBLE.has(extension) && body.length > 1024 ? gzipSync(body) : undefined,
      type: CONTENT_TYPES[extension] ?? "application/octet-stream",
      immutable: path.startsWith(join(root, "assets") + sep),
    };
    cache.set(path, file);
    return file;
  };

  // Request bodies stream through to the API untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, _payload, done) => done(null));

  app.all("/api", async (request, reply) => proxy(request.raw, reply));
  app.all("/api/*", async (request, reply) => proxy(request.raw, reply));

  function proxy(incoming: IncomingMessage, reply: FastifyReply): void {
    reply.hijack();
    const upstream = httpRequest(
      {
        protocol: api.protocol,
        hostname: api.hostname,
        port: api.port,
        method: incoming.method,
        path: incoming.url,
        headers: forwardedHeaders(incoming, false),
      },
      (response) => {
        const headers: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        reply.raw.writeHead(response.statusCode ?? 502, headers);
        response.pipe(reply.raw);
      },
    );
    upstream.on("error", () => badGateway(reply));
    incoming.pipe(upstream);
  }

  app.route({
    method: ["GET", "HEAD"],
    url: "/*",
    handler: async (request, reply) => {
      const pathname = decodeURIComponent(request.url.split("?")[0] ?? "/");
      const target = normalize(join(root, pathname));
      if (target !== root && !target.startsWith(root + sep)) {
        return reply.status(404).type("text/plain").send("not found");
      }
      let file = pathname.endsWith("/") ? undefined : load(target);
      if (!file) {
        if (extname(pathname) !== "") return reply.status(404).type("text/plain").send("not found");
        file = load(index);
        if (!file) return reply.status(404).type("text/plain").send("not found");
      }
      void reply
        .header("content-type", file.type)
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "same-origin")
        .header("x-frame-options", "DENY")
        .header("cache-control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache")
        .header("vary", "accept-encoding");
      const acceptsGzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      if (file.gzip && acceptsGzip) return reply.header("content-encoding", "gzip").send(file.gzip);
      return reply.send(file.body);
    },
  });

  // Upgraded sockets are not HTTP connections: track them so closing the server does not wait on them.
  const tunnels = new Set<Duplex>();
  const track = (socket: Duplex) => {
    tunnels.add(socket);
    socket.once("close", () => tunnels.delete(socket));
  };
  app.addHook("onClose", async () => {
    for (const socket of tunnels) socket.destroy();
  });

  app.server.on("upgrade", (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
    track(socket);
    socket.on("error", () => socket.destroy());
    if (!incoming.url?.startsWith("/api")) {
      socket.destroy();
      return;
    }
    const upstream = httpRequest({
      protocol: api.protocol,
      hostname: api.hostname,
      port: api.port,
      method: incoming.method,
      path: incoming.url,
      headers: forwardedHeaders(incoming, true),
    });
    const statusHead = (status: number, message: string, rawHeaders: string[]) => {
      const lines = [`HTTP/1.1 ${status} ${message}`];
      for (let i = 0; i < rawHeaders.length; i += 2) lines.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
      return `${lines.join("\r\n")}\r\n\r\n`;
    };
    upstream.on("upgrade", (response, upstreamSocket, upstreamHead) => {
      track(upstreamSocket);
      socket.write(statusHead(101, response.statusMessage ?? "Switching Protocols", response.rawHeaders));
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      upstreamSocket.on("error", () => upstreamSocket.destroy());
      upstreamSocket.once("close", () => socket.destroy());
      socket.once("close", () => upstreamSocket.destroy());
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
    });
    upstream.on("response", (response) => {
      // The API refused the upgrade (bad token, no such route): pass its answer on, then close the socket.
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      const finish = () => {
        const body = Buffer.concat(chunks);
        const headers = response.rawHeaders.filter((_, index, all) => {
          const name = (index % 2 === 0 ? all[index] : all[index - 1])?.toLowerCase();
          return name !== "transfer-encoding" && name !== "content-length" && name !== "connection";
        });
        headers.push("Content-Length", String(body.length), "Connection", "close");
        socket.end(
          Buffer.concat([
            Buffer.from(statusHead(response.statusCode ?? 502, response.statusMessage ?? "", headers)),
            body,
          ]),
        );
      };
      response.once("end", finish);
      response.once("aborted", () => socket.destroy());
    });
    upstream.on("error", () => socket.destroy());
    socket.once("close", () => upstream.destroy());
    upstream.end();
  });

  return app;
}
