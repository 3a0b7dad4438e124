import type { FastifyInstance } from "fastify";
import { AuthenticationError } from "../app/auth/auth-service.ts";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../core/errors.ts";

/** The one error shape every route answers with. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

/** Installs the error and not-found handlers; 5xx bodies reveal nothing internal. */
export function installErrorEnvelope(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorEnvelope = {
      error: { code: "NOT_FOUND", message: `no route ${request.method} ${request.url.split("?")[0]}` },
    };
    void reply.status(404).send(body);
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ValidationError) {
      return reply
        .status(400)
        .send({ error: { code: error.code, message: error.message } } satisfies ErrorEnvelope);
    }
    if (error instanceof AuthenticationError) {
      const status = error.code === "ACCOUNT_LOCKED" ? 423 : 401;
      return reply
        .status(status)
        .send({ error: { code: error.code, message: error.message } } satisfies ErrorEnvelope);
    }
    if (error instanceof ConflictError) {
      return reply
        .status(409)
        .send({ error: { code: error.code, message: error.message } } satisfies ErrorEnvelope);
    }
    if (error instanceof NotFoundError) {
      return reply
        .status(404)
        .send({ error: { code: error.code, message: error.message } } satisfies ErrorEnvelope);
    }
    const fastifyError = error as {
      validation?: unknown;
      statusCode?: number;
      code?: string;
      message: string;
    };
    if (fastifyError.validation) {
      return reply.status(400).send({
        error: { code: "VALIDATION_ERROR", message: fastifyError.message, details: fastifyError.validation },
      } satisfies ErrorEnvelope);
    }
    const status = fastifyError.statusCode ?? 500;
    if (status < 500) {
      const code = error instanceof AppError ? error.code : (fastifyError.code ?? "BAD_REQUEST");
      return reply
        .status(status)
        .send({ error: { code, message: fastifyError.message } } satisfies ErrorEnvelope);
    }
    request.log.error({ err: error }, "request_failed");
    return reply.status(500).send({
      error: { code: "INTERNAL_ERROR", message: "internal error; see the server log" },
    } satisfies ErrorEnvelope);
  });
}
