import { createServer } from "node:net";
import { OperationalError } from "../core/errors.ts";

/**
 * Fails with a clear message when a TCP port cannot be bound on `host`.
 * @throws {OperationalError} naming the port and the variable that sets it.
 */
export async function assertPortAvailable(host: string, port: number, variable: string): Promise<void> {
  await new Promise<void>((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new OperationalError(
          error.code === "EADDRINUSE"
            ? `port ${port} is already in use (${variable}); is hlbot already running? Stop it or set ${variable} to another port.`
            : `cannot listen on ${host}:${port} (${variable}): ${error.code ?? error.message}`,
        ),
      );
    });
    server.listen(port, host, () => server.close(() => resolvePromise()));
  });
}
