import { TEST_GUILD } from "./fake-gateway.js";

/*
 * Raw interaction payloads as Discord sends them in INTERACTION_CREATE, from the test guild's
 * member in its channel. Each has a fresh id (a snowflake of now: discord.js derives the
 * interaction's time, and so its token's lifetime, from it) and a token of its own.
 */

let serial = 0;

/** A command option as Discord sends it: `type` 3 string, 4 integer, 5 boolean, 11 attachment… */
export interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  options?: RawOption[];
}

/** An application command interaction (type 2) with `data` as given. */
export function interaction(applicationId: string, data: Record<string, unknown>): { id: string; token: string } & Record<string, unknown> {
  serial++;
  return {
    // Discord's epoch is 2015; the time sits above bit 22.
    id: String(((BigInt(Date.now()) - 1420070400000n) << 22n) + BigInt(serial)),
    application_id: applicationId,
    type: 2,
    token: `e2e-${process.pid}-${serial}-${Date.now().toString(36)}`,
    version: 1,
    guild_id: TEST_GUILD.id,
    channel_id: TEST_GUILD.channelId,
    channel: { id: TEST_GUILD.channelId, type: 0, guild_id: TEST_GUILD.id, name: "general" },
    locale: "en-US",
    guild_locale: "en-US",
    app_permissions: "0",
    entitlements: [],
    authorizing_integration_owners: { "0": TEST_GUILD.id },
    context: 0,
    member: { user: TEST_GUILD.member, roles: [], permissions: "0", joined_at: "2024-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
    data,
  };
}

/** A slash command: `/name option:value …` (data type 1). */
export function slashCommand(applicationId: string, name: string, options: RawOption[], resolved?: Record<string, unknown>): ReturnType<typeof interaction> {
  return interaction(applicationId, { id: "700000000000000001", name, type: 1, options, ...(resolved === undefined ? {} : { resolved }) });
}

/** A message context-menu command (data type 3) on `message`, which Discord resolves in the payload. */
export function messageCommand(applicationId: string, name: string, message: { id: string } & Record<string, unknown>): ReturnType<typeof interaction> {
  return interaction(applicationId, { id: "700000000000000002", name, type: 3, target_id: message.id, resolved: { messages: { [message.id]: message } } });
}

/** Permission bits as Discord sends them in `member.permissions`. */
export const PERMISSIONS = { manageGuild: 1n << 5n } as const;

/** The same interaction from a member holding `permissions` in its channel (Manage Server: `PERMISSIONS.manageGuild`). */
export function withPermissions<T extends ReturnType<typeof interaction>>(ix: T, permissions: bigint): T {
  return { ...ix, member: { ...(ix.member as Record<string, unknown>), permissions: permissions.toString() } };
}
