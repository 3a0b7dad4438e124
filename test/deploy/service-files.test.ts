import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../../src/cli/main.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const UNITS = ["hlbot-api.service", "hlbot-web.service", "hlbot-worker.service"];

describe("systemd units", () => {
  it("pass systemd-analyze verify", () => {
    for (const unit of [...UNITS, "hlbot.target"]) {
      const result = spawnSync("systemd-analyze", ["verify", join(ROOT, "deploy/systemd", unit)], {
        encoding: "utf8",
      });
      if (result.error) throw new Error("systemd-analyze is missing (Debian package systemd)");
      expect(result.status, `${unit}: ${result.stderr}`).toBe(0);
    }
  });

  it.each(UNITS)(
    "%s has the manual's hardening and restart policy, and runs a real hlbot command",
    (unit) => {
      const text = read(`deploy/systemd/${unit}`);
      for (const directive of [
        "NoNewPrivileges=true",
        "PrivateTmp=true",
        "ProtectSystem=strict",
        "Restart=always",
        "RestartSec=10",
        "StartLimitBurst=5",
        "User=hlbot",
        "PartOf=hlbot.target",
      ]) {
        expect(text, directive).toContain(directive);
      }
      expect(text).toMatch(/^MemoryMax=\d+G$/m);
      const command = /ExecStart=\/usr\/bin\/node \/opt\/hlbot\/bin\/hlbot\.js (\w+)/.exec(text)?.[1];
      expect(buildProgram().commands.map((child) => child.name())).toContain(command);
    },
  );

  it("the target wants every unit", () => {
    const target = read("deploy/systemd/hlbot.target");
    for (const unit of UNITS) expect(target).toContain(unit);
  });
});

describe("nginx configuration", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "hlbot-nginx-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("passes nginx -t with TLS, the WebSocket upgrade and a restricted /metrics", () => {
    const which = spawnSync("which", ["nginx"]);
    if (which.status !== 0)
      throw new Error("nginx is not installed: apt-get install nginx-light (.ci/run does this)");
    const certificate = join(folder, "cert.pem");
    const key = join(folder, "key.pem");
    const made = spawnSync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      certificate,
      "-days",
      "1",
      "-subj",
      "/CN=trading.example.com",
    ]);
    expect(made.status).toBe(0);
    const site = read("deploy/nginx/hlbot.conf")
      .replace("/etc/letsencrypt/live/trading.example.com/fullchain.pem", certificate)
      .replace("/etc/letsencrypt/live/trading.example.com/privkey.pem", key)
      .replaceAll("/var/log/nginx/", `${folder}/`);
    writeFileSync(join(folder, "hlbot.conf"), site);
    writeFileSync(
      join(folder, "nginx.conf"),
      `pid ${folder}/nginx.pid;\nerror_log ${folder}/error.log;\nevents {}\nhttp {\n  access_log ${folder}/access.log;\n  include ${folder}/hlbot.conf;\n}\n`,
    );
    const result = spawnSync("nginx", ["-t", "-p", folder, "-c", join(folder, "nginx.conf")], {
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(site).toMatch(/location = \/metrics \{[^}]*deny all;/s);
    expect(site).toContain("proxy_set_header Upgrade $http_upgrade;");
    expect(site).toContain("ssl_protocols TLSv1.2 TLSv1.3;");
  });
});

describe("Docker files (validated as files; there is no Docker engine here)", () => {
  it("docker-compose.yml runs hlbot with PostgreSQL and Redis and keeps secrets out of the file", () => {
    const compose = parse(read("docker-compose.yml")) as {
      services: Record<string, { environment?: Record<string, string>; ports?: string[] }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(["hlbot", "postgres", "redis"]);
    const environment = compose.services.hlbot?.environment ?? {};
    expect(environment.DATABASE_URL).toContain(`$${"{"}POSTGRES_PASSWORD}`);
    expect(environment.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    for (const port of compose.services.hlbot?.ports ?? []) expect(port.startsWith("127.0.0.1:")).toBe(true);
  });

  it("the Dockerfile starts hlbot with a health check", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('CMD ["node", "bin/hlbot.js", "start"]');
    expect(dockerfile).toContain("/api/health");
    expect(dockerfile).toMatch(/^USER hlbot$/m);
  });
});
