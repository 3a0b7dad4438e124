import type { Database } from "../../storage/index.ts";
import { findUserById, listUsers } from "../../storage/index.ts";
import { toUserView, type UserView } from "./auth-service.ts";

/** Every user's public view, oldest first. */
export async function listUserViews(database: Database): Promise<UserView[]> {
  return (await listUsers(database)).map(toUserView);
}

/** One user's public view, or undefined. */
export async function getUserView(database: Database, id: string): Promise<UserView | undefined> {
  const user = await findUserById(database, id);
  return user ? toUserView(user) : undefined;
}
