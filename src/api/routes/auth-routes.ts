import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AuthService } from "../../app/auth/auth-service.ts";
import { getUserView, listUserViews } from "../../app/auth/user-directory.ts";
import type { Database } from "../../app/database-runtime.ts";
import { ValidationError } from "../../core/errors.ts";

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
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    "/api/auth/login",
    { schema: { body: LoginBody, tags: ["auth"] }, config: { access: "public", rateLimitTier: "auth" } },
    async (request) => await auth.login(request.body.username, request.body.password, origin(request)),
  );

  routes.post(
    "/api/auth/token",
    { schema: { body: TokenForm, tags: ["auth"] }, config: { access: "public", rateLimitTier: "auth" } },
    async (request) => {
      const form = request.body;
      if (form.grant_type === "password")
        return await auth.login(form.username, form.password, origin(request));
      return await auth.refresh(form.refresh_token, origin(request));
    },
  );

  routes.post(
    "/api/auth/refresh",
    { schema: { body: RefreshBody, tags: ["auth"] }, config: { access: "public", rateLimitTier: "auth" } },
    async (request) => await auth.refresh(request.body.refresh_token, origin(request)),
  );

  routes.post(
    "/api/auth/logout",
    {
      schema: { body: RefreshBody, tags: ["auth"] },
      config: { access: "viewer", allowWithPasswordChangeRequired: true, rateLimitTier: "auth" },
    },
    async (request, reply) => {
      await auth.logout(request.body.refresh_token);
      return reply.status(204).send();
    },
  );

  routes.post(
    "/api/auth/password",
    {
      schema: { body: PasswordBody, tags: ["auth"] },
      config: { access: "viewer", allowWithPasswordChangeRequired: true, rateLimitTier: "auth" },
    },
    async (request) => {
      const body = request.body;
      return await auth.changePassword(request.user?.userId ?? "", body.current_password, body.new_password);
    },
  );

  routes.get(
    "/api/auth/me",
    {
      schema: { tags: ["auth"] },
      config: { access: "viewer", allowWithPasswordChangeRequired: true, rateLimitTier: "read" },
    },
    async (request) => {
      const user = await getUserView(database, request.user?.userId ?? "");
      if (!user) throw new ValidationError("user no longer exists", { field: "token" });
      return user;
    },
  );

  routes.get(
    "/api/users",
    { schema: { tags: ["users"] }, config: { access: "admin", rateLimitTier: "read" } },
    async () => ({
      users: await listUserViews(database),
    }),
  );

  routes.post(
    "/api/users",
    {
      schema: { body: CreateUserBody, tags: ["users"] },
      config: { access: "admin", rateLimitTier: "mutation" },
    },
    async (request, reply) => {
      const user = await auth.createUser(request.body, request.user?.username ?? "api");
      return reply.status(201).send(user);
    },
  );

  routes.put(
    "/api/users/:id/role",
    {
      schema: { params: UserIdParams, body: RoleBody, tags: ["users"] },
      config: { access: "admin", rateLimitTier: "mutation" },
    },
    async (request) => {
      return await auth.changeRole(
        request.user?.username ?? "api",
        request.params.id,
        request.body.role,
        origin(request),
      );
    },
  );
}
