import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AuthService } from "../../app/auth/auth-service.ts";
import { getUserView, listUserViews } from "../../app/auth/user-directory.ts";
import type { Database } from "../../app/database-runtime.ts";
import { ValidationError } from "../../core/errors.ts";
import { parseBody } from "../validation.ts";

const LoginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
const TokenForm = z.discriminatedUnion("grant_type", [
  z.object({
    grant_type: z.literal("password"),
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  }),
  z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string().min(1).max(200) }),
]);
const RefreshBody = z.object({ refresh_token: z.string().min(1).max(200) });
const PasswordBody = z.object({
  current_password: z.string().min(1).max(256),
  new_password: z.string().min(1).max(256),
});
const CreateUserBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  role: z.enum(["viewer", "trader", "strategist", "admin"]),
});
const RoleBody = z.object({ role: z.enum(["viewer", "trader", "strategist", "admin"]) });
const UserIdParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });

function origin(request: FastifyRequest): { ip: string } {
  return { ip: request.ip };
}

/** Authentication (login, OAuth2 token, refresh, logout, password change) and user administration. */
export async function authRoutes(
  app: FastifyInstance,
  options: { auth: AuthService; database: Database },
): Promise<void> {
  const { auth, database } = options;

  app.post("/api/auth/login", { config: { access: "public", rateLimitTier: "auth" } }, async (request) => {
    const body = parseBody(LoginBody, request.body);
    return await auth.login(body.username, body.password, origin(request));
  });

  app.post("/api/auth/token", { config: { access: "public", rateLimitTier: "auth" } }, async (request) => {
    const form = parseBody(TokenForm, request.body);
    if (form.grant_type === "password")
      return await auth.login(form.username, form.password, origin(request));
    return await auth.refresh(form.refresh_token, origin(request));
  });

  app.post("/api/auth/refresh", { config: { access: "public", rateLimitTier: "auth" } }, async (request) => {
    const body = parseBody(RefreshBody, request.body);
    return await auth.refresh(body.refresh_token, origin(request));
  });

  app.post(
    "/api/auth/logout",
    { config: { access: "viewer", allowWithPasswordChangeRequired: true, rateLimitTier: "auth" } },
    async (request, reply) => {
      const body = parseBody(RefreshBody, request.body);
      await auth.logout(body.refresh_token);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/auth/password",
    { config: { access: "viewer", allowWithPasswordChangeRequired: true, rateLimitTier: "auth" } },
    async (request) => {
      const body = parseBody(PasswordBody, request.body);
      return await auth.changePassword(request.user?.userId ?? "", body.current_password, body.new_password);
    },
  );

  app.get(
    "/api/auth/me",
    { config: { access: "viewer", allowWithPasswordChangeRequired: true, rateLimitTier: "read" } },
    async (request) => {
      const user = await getUserView(database, request.user?.userId ?? "");
      if (!user) throw new ValidationError("user no longer exists", { field: "token" });
      return user;
    },
  );

  app.get("/api/users", { config: { access: "admin", rateLimitTier: "read" } }, async () => ({
    users: await listUserViews(database),
  }));

  app.post(
    "/api/users",
    { config: { access: "admin", rateLimitTier: "mutation" } },
    async (request, reply) => {
      const body = parseBody(CreateUserBody, request.body);
      const user = await auth.createUser(body, request.user?.username ?? "api");
      return reply.status(201).send(user);
    },
  );

  app.put(
    "/api/users/:id/role",
    { config: { access: "admin", rateLimitTier: "mutation" } },
    async (request) => {
      const params = parseBody(UserIdParams, request.params);
      const body = parseBody(RoleBody, request.body);
      return await auth.changeRole(request.user?.username ?? "api", params.id, body.role, origin(request));
    },
  );
}
